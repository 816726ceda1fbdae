//! Place, demonym and name gazetteers (placeholder: being written).
