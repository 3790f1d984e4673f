"""Pure helpers (no Django): quantities with units, lot-number patterns."""
