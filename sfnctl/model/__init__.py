"""Pure model: ARNs, status names, events, state tree, root cause, roll-ups, redrive,
saved histories and durable operations. No rich, no boto3/botocore, no clock, no terminal."""
