"""Dev-time tools (not in the wheel): generators of help.json, the completion spec and scripts."""
