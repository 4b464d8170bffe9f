"""Pure rules of the product: no Textual, no TinyDB, no wall clock (time comes in as an argument)."""
