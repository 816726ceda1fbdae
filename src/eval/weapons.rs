//! Weapon gold-set scoring (placeholder: being written).
