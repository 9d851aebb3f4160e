"""The certificate program over time: the cycle of audits, training requirements, Action
Plans and the corrective action tracker."""
