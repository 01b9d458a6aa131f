//! GeoJSON, CSV and other exports.
