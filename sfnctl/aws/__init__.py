"""The only package that imports boto3/botocore.

It builds clients (profile, region, endpoint, retries, timeouts — `session.py`, from an
`AwsConfig` of its own), parses responses fast (`parsers.py`), pages the list/history APIs with
the largest page the API allows and fetches long histories from both ends (`paging.py`), and
turns every botocore exception into an SfnctlError carrying an exit code, a one-line message
that names the ARN, and the next step (`errors.py`). One module per service
(`stepfunctions.py`, `lambda_durable.py`); `AwsApi` (`api.py`) joins them. Everything above
this package sees plain dicts (the API's own keys) and small dataclasses. ARNs the service
confirmed are reported through the public `on_confirmed=` hook.

Import its modules lazily (inside a function): botocore costs ~150 ms of start-up. This
`__init__` imports nothing, so `sfnctl.aws.config` is free to import anywhere.
"""
