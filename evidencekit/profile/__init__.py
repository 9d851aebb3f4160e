"""The company profile: its model and file, changes to it, and what the evidence suggests
for it."""
