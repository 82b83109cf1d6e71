"""AWS console URLs for what sfnctl shows (pure; round-trips through arns.from_console_url)."""

from __future__ import annotations

from urllib.parse import quote

from sfnctl.model.arns import EXECUTION_KINDS, STATE_MACHINE_KINDS, Arn, Kind

# The console's host per partition; partitions without a public console (aws-iso*) have none.
_HOSTS = {
    "aws": "{region}.console.aws.amazon.com",
    "aws-cn": "{region}.console.amazonaws.cn",
    "aws-us-gov": "console.amazonaws-us-gov.com",
}


def console_url(arn: Arn) -> str | None:
    """The console page of an execution, map run, state machine, or durable execution's
    function — in the ARN's own partition and region. None when there is no console for it
    (a local runner's id, an isolated partition)."""
    host = _HOSTS.get(arn.partition)
    if host is None or not arn.region:
        return None
    base = f"https://{host.format(region=arn.region)}"
    target = quote(arn.text, safe=":/")
    states = f"{base}/states/home?region={arn.region}#"
    if arn.kind in EXECUTION_KINDS:
        return f"{states}/v2/executions/details/{target}"
    if arn.kind is Kind.MAP_RUN:
        return f"{states}/mapruns/details/{target}"
    if arn.kind in STATE_MACHINE_KINDS:
        return f"{states}/statemachines/view/{target}"
    if arn.kind in (Kind.DURABLE_EXECUTION, Kind.LAMBDA_FUNCTION):
        function = quote(arn.owner, safe="")
        return f"{base}/lambda/home?region={arn.region}#/functions/{function}"
    return None
