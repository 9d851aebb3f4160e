"""Preparing for the audit day: the sampling plan (interviews, sites) and interview and
observation preparation per role."""
