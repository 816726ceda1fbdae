//! Weapon mentions (placeholder: being written).
