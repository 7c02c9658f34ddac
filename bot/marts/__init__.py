"""The monitor marts: contract, demo generator, checker and location of the mart set in use."""
