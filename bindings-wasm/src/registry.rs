//! User-defined value sets, owned by the binding and keyed by their id, so later calls can
//! name them like built-in sets.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Deref;
use std::rc::Rc;

use groupwell::Error;
use groupwell::eq5d::{Instrument, ValueSet, find};

thread_local! {
    static REGISTRY: RefCell<BTreeMap<String, Rc<ValueSet>>> = const { RefCell::new(BTreeMap::new()) };
}

/// A set found by name: built in (static) or registered (shared).
pub(crate) enum Resolved {
    /// A built-in set.
    BuiltIn(&'static ValueSet),
    /// A registered set.
    User(Rc<ValueSet>),
}

impl Deref for Resolved {
    type Target = ValueSet;
    fn deref(&self) -> &ValueSet {
        match self {
            Resolved::BuiltIn(vs) => vs,
            Resolved::User(vs) => vs,
        }
    }
}

impl Resolved {
    /// Whether the set is built in.
    pub(crate) fn is_built_in(&self) -> bool {
        matches!(self, Resolved::BuiltIn(_))
    }
}

fn registered(id: &str) -> Option<Rc<ValueSet>> {
    REGISTRY.with(|r| r.try_borrow().ok().and_then(|m| m.get(id).cloned()))
}

/// Finds a set: first a registered set with exactly this id, then a built-in set by id,
/// alias, ISO code or country name (the core's look-up).
pub(crate) fn resolve(name: &str, instrument: Option<Instrument>) -> Result<Resolved, Error> {
    if let Some(vs) = registered(name) {
        match instrument {
            Some(i) if i != vs.instrument() => {}
            _ => return Ok(Resolved::User(vs)),
        }
    }
    find(name, instrument).map(Resolved::BuiltIn)
}

/// Registers a set under its id, replacing a registered set of the same id. An id that
/// already names one or more built-in sets (as id, alias, ISO code or country) is refused, so
/// a name never means two sets.
pub(crate) fn register(vs: ValueSet) -> Result<String, Error> {
    let id = vs.id().to_string();
    let taken = match find(&id, None) {
        Ok(builtin) => Some(format!("the built-in set {}", builtin.id())),
        Err(Error::AmbiguousValueSet { candidates, .. }) => {
            Some(format!("the built-in sets {}", candidates.join(", ")))
        }
        Err(_) => None,
    };
    if let Some(what) = taken {
        return Err(Error::InvalidDefinition {
            id: id.clone(),
            field: "id".into(),
            reason: format!("already names {what}; choose another id"),
        });
    }
    let stored = REGISTRY.with(|r| match r.try_borrow_mut() {
        Ok(mut m) => {
            m.insert(id.clone(), Rc::new(vs));
            true
        }
        Err(_) => false,
    });
    if stored {
        Ok(id)
    } else {
        Err(Error::InvalidArgument {
            argument: "valueSet".into(),
            value: format!("{id:?}"),
            expected: "a call that is not nested inside another groupwell call".into(),
        })
    }
}

/// Removes a registered set; `false` if there was none.
pub(crate) fn unregister(id: &str) -> bool {
    REGISTRY.with(|r| {
        r.try_borrow_mut()
            .map(|mut m| m.remove(id).is_some())
            .unwrap_or(false)
    })
}

/// The registered sets, by id.
pub(crate) fn all_registered() -> Vec<Rc<ValueSet>> {
    REGISTRY.with(|r| {
        r.try_borrow()
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default()
    })
}
