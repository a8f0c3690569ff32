//! Fast paths of `ValueSet.score` / `score_codes` for the columns analysts hold most: numpy
//! arrays of five-digit states (`11223`, any integer or float dtype), of state strings
//! (`"11223"`, numpy `U` or object arrays) and of `uint16` compact codes.
//!
//! They decide nothing themselves. Five-digit numbers go to the core's
//! [`ValueSet::score_numbers_into`] (a look-up in a table of the core's own answers for every
//! five-digit number, built once per value set); strings to the core's
//! [`StateCodes::from_strs`]; codes to [`ValueSet::score_codes_into`]. A column in which any
//! row is not simply a valid state or a missing value is handed back (`None`) to the general
//! path, which asks the core about every row and reports every invalid one. The result is
//! written straight into a new numpy array (numpy's allocator, which asks the kernel for huge
//! pages on large arrays), with the GIL released; large columns are split over the CPUs.

use groupwell::eq5d::{BatchOptions, Instrument, StateCodes, ValueSet, round_index};
use numpy::prelude::*;
use numpy::{Element, PyArray1, PyFixedUnicode, PyUntypedArray};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use crate::convert::{DtypeClass, data, dtype_class, with_dtype};
use crate::valueset::Batch;

/// Columns at least this long are split over the CPUs.
const PARALLEL_MIN: usize = 1 << 20;

/// The threads a long column is split over: `GROUPWELL_NUM_THREADS` when set to a number
/// (1 keeps every call on the calling thread), else one per CPU, at most 8.
fn threads() -> usize {
    std::env::var("GROUPWELL_NUM_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&t| t >= 1)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |c| c.get().min(8)))
}

/// Runs `kernel` over `input` and `out` (the same length), in one piece or, for long columns,
/// in one chunk per thread ([`threads`]). The kernel returns the missing count of its chunk,
/// or `None` when a row needs the general path.
fn chunked<T: Sync, F>(input: &[T], out: &mut [f64], kernel: F) -> Option<usize>
where
    F: Fn(&[T], &mut [f64]) -> Option<usize> + Sync,
{
    let n = input.len();
    if n < PARALLEL_MIN {
        return kernel(input, out);
    }
    let cpus = threads();
    if cpus < 2 {
        return kernel(input, out);
    }
    let size = n.div_ceil(cpus);
    std::thread::scope(|s| {
        let kernel = &kernel;
        let mut handles = Vec::new();
        let mut started = true;
        for (i, o) in input.chunks(size).zip(out.chunks_mut(size)) {
            // A thread the system cannot start hands the column to the general path.
            match std::thread::Builder::new().spawn_scoped(s, move || kernel(i, o)) {
                Ok(h) => handles.push(h),
                Err(_) => started = false,
            }
        }
        let missing = handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect::<Vec<_>>();
        if !started {
            return None;
        }
        missing
            .into_iter()
            .try_fold(0usize, |acc, m| m.map(|m| acc + m))
    })
}

/// A new float64 array of `n` values filled by `fill` with the GIL released; `None` (and the
/// array dropped) when `fill` hands the column back.
fn fill_array<'py, F>(
    py: Python<'py>,
    n: usize,
    opts: BatchOptions,
    fill: F,
) -> PyResult<Option<(Bound<'py, PyArray1<f64>>, usize)>>
where
    F: FnOnce(&mut [f64]) -> Option<usize> + Send,
{
    let arr = PyArray1::<f64>::zeros(py, n, false);
    let missing = {
        let mut rw = arr.try_readwrite()?;
        let out = rw.as_slice_mut()?;
        py.detach(|| {
            let missing = fill(out)?;
            if let Some(d) = opts.decimals {
                for v in out.iter_mut() {
                    *v = round_index(*v, d);
                }
            }
            Some(missing)
        })
    };
    Ok(missing.map(|m| (arr, m)))
}

fn batch<'py>(
    py: Python<'py>,
    filled: Option<(Bound<'py, PyArray1<f64>>, usize)>,
) -> Option<Batch<'py>> {
    filled.map(|(values, missing)| (values, PyList::empty(py), missing))
}

/// `ValueSet.score` of a numpy array of five-digit states of a numeric dtype: the core's
/// [`ValueSet::score_numbers_into`] per chunk (coerce mode; `fill_array` rounds). A chunk with
/// an invalid row hands the column to the general path, which reports every row by its number.
fn score_numbers<'py>(
    py: Python<'py>,
    vs: &ValueSet,
    arr: &Bound<'py, PyUntypedArray>,
    opts: BatchOptions,
) -> PyResult<Option<Batch<'py>>> {
    let r = with_dtype!(arr, T, {
        let a = arr.cast::<PyArray1<T>>()?;
        let ro = a.try_readonly()?;
        let d = data(&ro);
        let d: &[T] = &d;
        fill_array(py, d.len(), opts, |out| {
            chunked(d, out, |i, o| {
                let issues = vs.score_numbers_into(i, o, &BatchOptions::coerce()).ok()?;
                issues.errors.is_empty().then_some(issues.missing)
            })
        })?
    });
    Ok(batch(py, r.flatten()))
}

/// A short ASCII string, owned, for [`StateCodes::from_strs`] (10 bytes with its `Option`).
#[derive(Clone, Copy)]
struct Ascii8 {
    bytes: [u8; 8],
    len: u8,
}

impl AsRef<str> for Ascii8 {
    fn as_ref(&self) -> &str {
        self.bytes
            .get(..usize::from(self.len))
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }
}

/// A numpy `U` string of up to 8 characters (numpy drops trailing NULs) when it is ASCII;
/// `None` otherwise (never a state: the general path explains).
#[inline]
fn ascii8<const N: usize>(s: &PyFixedUnicode<N>) -> Option<Ascii8> {
    let mut out = Ascii8 {
        bytes: [0; 8],
        len: 0,
    };
    let len = s.0.iter().rposition(|&c| c != 0).map_or(0, |p| p + 1);
    for (dst, &c) in out.bytes.iter_mut().zip(s.0.iter().take(len)) {
        *dst = u8::try_from(c).ok().filter(u8::is_ascii)?;
    }
    out.len = u8::try_from(len).ok()?;
    Some(out)
}

/// The states of a numpy `U` array of width 1 to 8 (wider strings are never states, and go
/// the general way).
fn unicode_states(
    py: Python<'_>,
    instrument: Instrument,
    arr: &Bound<'_, PyUntypedArray>,
) -> PyResult<Option<StateCodes>> {
    macro_rules! widths {
        ($($n:literal),*) => {{
            let dt = arr.dtype();
            $(
                if dt.is_equiv_to(&PyFixedUnicode::<$n>::get_dtype(py)) {
                    let a = arr.cast::<PyArray1<PyFixedUnicode<$n>>>()?;
                    let ro = a.try_readonly()?;
                    let d = data(&ro);
                    let d: &[PyFixedUnicode<$n>] = &d;
                    return Ok(py.detach(|| {
                        let strs = d
                            .iter()
                            .map(|s| ascii8(s).map(Some))
                            .collect::<Option<Vec<Option<Ascii8>>>>()?;
                        Some(StateCodes::from_strs(instrument, &strs))
                    }));
                }
            )*
            Ok(None)
        }};
    }
    widths!(1, 2, 3, 4, 5, 6, 7, 8)
}

/// The states of a numpy object array holding only strings and `None`.
fn object_states(
    py: Python<'_>,
    instrument: Instrument,
    arr: &Bound<'_, PyUntypedArray>,
) -> PyResult<Option<StateCodes>> {
    let Ok(a) = arr.cast::<PyArray1<Py<PyAny>>>() else {
        return Ok(None);
    };
    let ro = a.try_readonly()?;
    let Ok(objs) = ro.as_slice() else {
        return Ok(None);
    };
    let mut strs: Vec<Option<&str>> = Vec::with_capacity(objs.len());
    for o in objs {
        let o = o.bind(py);
        if o.is_none() {
            strs.push(None);
        } else if let Ok(s) = o.cast::<PyString>() {
            strs.push(Some(s.to_str()?));
        } else {
            return Ok(None);
        }
    }
    Ok(Some(py.detach(|| StateCodes::from_strs(instrument, &strs))))
}

/// Strings scored from their [`StateCodes`] when every row is a state or missing.
fn score_state_codes<'py>(
    py: Python<'py>,
    vs: &ValueSet,
    states: StateCodes,
    opts: BatchOptions,
) -> PyResult<Option<Batch<'py>>> {
    if !states.errors.is_empty() {
        return Ok(None);
    }
    let table = vs.table();
    let missing = states.missing;
    let codes = &states.codes;
    let r = fill_array(py, codes.len(), opts, |out| {
        for (o, c) in out.iter_mut().zip(codes) {
            *o = match c {
                Some(c) => *table.get(usize::from(*c))?,
                None => f64::NAN,
            };
        }
        Some(missing)
    })?;
    Ok(batch(py, r))
}

/// `ValueSet.score` (`codes` false) or `score_codes` (`codes` true) of an unmasked 1-D numpy
/// array by a fast path, or `None` for the general path.
pub(crate) fn score_1d<'py>(
    py: Python<'py>,
    vs: &ValueSet,
    obj: &Bound<'py, PyAny>,
    codes: bool,
    opts: BatchOptions,
) -> PyResult<Option<Batch<'py>>> {
    let Ok(arr) = obj.cast::<PyUntypedArray>() else {
        return Ok(None);
    };
    if arr.ndim() != 1 {
        return Ok(None);
    }
    if codes {
        let Ok(a) = arr.cast::<PyArray1<u16>>() else {
            return Ok(None);
        };
        let ro = a.try_readonly()?;
        let d = data(&ro);
        let d: &[u16] = &d;
        let no_rounding = BatchOptions {
            decimals: None,
            ..opts
        };
        let r = fill_array(py, d.len(), opts, |out| {
            chunked(d, out, |i, o| {
                // Invalid codes are reported by the general path.
                let issues = vs.score_codes_into(i, o, &no_rounding).ok()?;
                issues.errors.is_empty().then_some(0)
            })
        })?;
        return Ok(batch(py, r));
    }
    match dtype_class(arr) {
        DtypeClass::Numeric => score_numbers(py, vs, arr, opts),
        DtypeClass::Items => {
            let states = match arr.dtype().kind() {
                b'U' => unicode_states(py, vs.instrument(), arr)?,
                _ => object_states(py, vs.instrument(), arr)?,
            };
            match states {
                Some(s) => score_state_codes(py, vs, s, opts),
                None => Ok(None),
            }
        }
        DtypeClass::Unsupported => Ok(None),
    }
}

/// The strings of an Arrow `utf8`/`large_utf8` array given as its buffers: `offsets` (n + 1
/// of them, `int32` or `int64`, already shifted by the array's offset) into `data` (`uint8`).
/// Offsets that do not fit the data, or text that is not UTF-8, are a `TypeError` (Arrow
/// arrays never have them).
fn arrow_strs<'a>(offsets: &[i64], data: &'a [u8]) -> PyResult<Vec<Option<&'a str>>> {
    offsets
        .windows(2)
        .map(|w| {
            let (a, b) = match w {
                [a, b] => (*a, *b),
                _ => (0, 0),
            };
            usize::try_from(a)
                .ok()
                .zip(usize::try_from(b).ok())
                .and_then(|(a, b)| data.get(a..b))
                .and_then(|bytes| std::str::from_utf8(bytes).ok())
                .map(Some)
                .ok_or_else(|| {
                    pyo3::exceptions::PyTypeError::new_err(
                        "text column: the Arrow offsets do not fit the data, or the text is not UTF-8",
                    )
                })
        })
        .collect()
}

/// The states of an Arrow string array's buffers (see [`arrow_strs`]), rows where `mask` is
/// true missing.
pub(crate) fn text_states(
    py: Python<'_>,
    instrument: Instrument,
    offsets: &Bound<'_, PyAny>,
    data_buf: &Bound<'_, PyAny>,
    mask: Option<&[bool]>,
) -> PyResult<StateCodes> {
    let bytes = data_buf
        .cast::<PyArray1<u8>>()
        .map_err(|_| pyo3::exceptions::PyTypeError::new_err("text data must be a uint8 array"))?
        .try_readonly()?;
    let bytes = data(&bytes);
    let offs: Vec<i64> = if let Ok(o) = offsets.cast::<PyArray1<i32>>() {
        let ro = o.try_readonly()?;
        data(&ro).iter().map(|&x| i64::from(x)).collect()
    } else if let Ok(o) = offsets.cast::<PyArray1<i64>>() {
        let ro = o.try_readonly()?;
        data(&ro).into_owned()
    } else {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "text offsets must be an int32 or int64 array",
        ));
    };
    let mut strs = arrow_strs(&offs, &bytes)?;
    if let Some(m) = mask {
        for (s, missing) in strs.iter_mut().zip(m) {
            if *missing {
                *s = None;
            }
        }
    }
    Ok(py.detach(|| StateCodes::from_strs(instrument, &strs)))
}
