//! The facts an edit may change, in the edit form's order, as the form holds them (text).

use tanggap_domain::Incident;

use super::words::text;

/// The names of the fields, as the API names them.
pub(super) const EDITABLE: [&str; 5] = ["priority", "description", "people_affected", "landmark", "caller_name"];
pub(super) type Values = [String; 5];

pub(super) fn editable(incident: &Incident) -> Values {
    [
        incident.priority.as_str().to_owned(),
        text(&incident.description),
        incident.people_affected.map(|n| n.to_string()).unwrap_or_default(),
        text(&incident.location.landmark),
        incident.caller.name.clone().unwrap_or_default(),
    ]
}
