"""`AwsApi`: every AWS call sfnctl makes, for both services, behind one object a `Context` hands
to commands (tests hand it a Stubber-backed client factory instead)."""

from __future__ import annotations

from collections.abc import Callable

from sfnctl.aws.config import AwsConfig
from sfnctl.aws.lambda_durable import LambdaDurableCalls
from sfnctl.aws.logs import LogsCalls
from sfnctl.aws.session import client_factory
from sfnctl.aws.stepfunctions import StepFunctionsCalls

OnConfirmed = Callable[[str], object]


class AwsApi(StepFunctionsCalls, LambdaDurableCalls, LogsCalls):
    """Step Functions, Lambda durable-execution and CloudWatch Logs calls sfnctl makes, with
    errors translated."""

    @classmethod
    def from_config(cls, config: AwsConfig, on_confirmed: OnConfirmed | None = None) -> AwsApi:
        return cls(client_factory(config), on_confirmed=on_confirmed)

    @classmethod
    def for_local_emulator(
        cls, config: AwsConfig, on_confirmed: OnConfirmed | None = None
    ) -> AwsApi:
        """Fixed dummy credentials: a local emulator must never see the user's real keys."""
        return cls(client_factory(config, local=True), on_confirmed=on_confirmed)
