"""Request and response models (pydantic), one module per resource; `types` holds checked codes."""
