//! The SQLite (GeoPackage) event store.
