//! The built-in SCI-93 definition (item numbers only; the item wording is licensed).

use super::{Direction, MissingRule, ResponseRange, ScaleDef, Total};

/// Id of the built-in SCI-93 definition.
pub const SCI93_ID: &str = "SCI-93";

/// The SCI-93 definition in its commonly cited form: 35 items `"1"`..`"35"`, each answered
/// 0–5, total = sum (0–175), higher = more stress symptoms, no subscales, prorated when at
/// most 3 of the 35 items are missing.
///
/// The Stress and Crisis Inventory 1993 is by Setterlind & Larsson. Its psychometrics: a
/// one-factor structure, Cronbach α 0.98, test–retest ICC 0.95; reference means 24.9 ± 21.3
/// (healthy women) and 76.4 ± 24.9 (women with fibromyalgia or chronic widespread pain) —
/// Ericsson, Nyström & Mannerkorpi 2015, doi:10.3109/08039488.2014.915580.
///
/// The item count and response scale follow the commonly cited form, not the manual, which
/// groupwell does not ship. A user with the manual overrides the definition by editing it (or
/// its JSON) and building a [`Scale`](super::Scale) from it:
///
/// ```
/// use groupwell::scales::{sci93_definition, Scale};
/// let mut def = sci93_definition();
/// def.missing.max_missing = 0; // a stricter rule: no score unless all 35 are answered
/// def.id = "SCI-93-strict".into();
/// let scale = Scale::from_definition(def)?;
/// assert_eq!(scale.items().len(), 35);
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn sci93_definition() -> ScaleDef {
    ScaleDef {
        id: SCI93_ID.into(),
        name: "Stress and Crisis Inventory 1993".into(),
        items: (1..=35).map(|i| i.to_string()).collect(),
        range: ResponseRange { min: 0, max: 5 },
        item_ranges: Default::default(),
        reverse: Vec::new(),
        subscales: Vec::new(),
        total: Total::Sum,
        direction: Direction::HigherIsWorse,
        missing: MissingRule { max_missing: 3 },
        bands: Vec::new(),
        citation: Some(
            "Setterlind S, Larsson G. Stress and Crisis Inventory 1993 (SCI-93).".into(),
        ),
        doi: Some("10.3109/08039488.2014.915580".into()),
        notes: vec![
            "Item numbers only: the SCI-93 item wording is licensed and not included.".into(),
            "Item count (35) and response scale (0-5, total 0-175) follow the commonly cited \
             form; override the definition if your manual differs."
                .into(),
            "Ericsson T, Nystrom B, Mannerkorpi K (2015), doi:10.3109/08039488.2014.915580: \
             one-factor structure, Cronbach alpha 0.98, test-retest ICC 0.95; reference means \
             healthy women 24.9 (SD 21.3), women with fibromyalgia or chronic widespread pain \
             76.4 (SD 24.9)."
                .into(),
            "Missing items: prorated (mean of answered items x 35) when at most 3 of 35 are \
             missing, else no score."
                .into(),
        ],
    }
}
