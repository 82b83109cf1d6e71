"""Step Functions: the calls sfnctl makes, errors translated, pages collected."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sfnctl.aws.base import ApiBase
from sfnctl.aws.base import strip as _strip
from sfnctl.aws.errors import translated
from sfnctl.aws.paging import (
    HISTORY_PAGE,
    Page,
    PageGuard,
    event_id,
    fetch_from_both_ends,
)

Shrink = Callable[[dict[str, Any]], Any]  # an event -> what is kept of it (a Mapping)


class StepFunctionsCalls(ApiBase):
    @property
    def sfn(self) -> Any:
        return self.client("stepfunctions")

    # --- Step Functions -------------------------------------------------------------------

    def describe_execution(self, arn: str, *, metadata_only: bool = False) -> dict[str, Any]:
        params: dict[str, Any] = {"executionArn": arn}
        if metadata_only:
            params["includedData"] = "METADATA_ONLY"
        with translated(arn):
            found = _strip(self.sfn.describe_execution(**params))
        self._saw(found.get("executionArn"), found.get("mapRunArn"), found.get("stateMachineArn"))
        return found

    def describe_state_machine_for_execution(self, arn: str) -> dict[str, Any]:
        """Name, label, revision… of the state machine version an execution ran (no definition)."""
        return self._metadata(arn, self.sfn.describe_state_machine_for_execution, "executionArn")

    def describe_state_machine(self, arn: str) -> dict[str, Any]:
        return self._metadata(arn, self.sfn.describe_state_machine, "stateMachineArn")

    def _metadata(self, arn: str, call: Any, key: str) -> dict[str, Any]:
        """A state machine's description without its definition (METADATA_ONLY)."""
        with translated(arn):
            response = call(**{key: arn, "includedData": "METADATA_ONLY"})
        response.pop("definition", None)
        return _strip(response)

    def list_executions(
        self,
        *,
        state_machine_arn: str | None = None,
        map_run_arn: str | None = None,
        status: str | None = None,
        redrive_filter: str | None = None,
        limit: int | None = 50,
        next_token: str | None = None,
    ) -> Page:
        """ListExecutions up to `limit` items (None: every page), newest first as served."""
        params: dict[str, Any] = {}
        if state_machine_arn:
            params["stateMachineArn"] = state_machine_arn
        if map_run_arn:
            params["mapRunArn"] = map_run_arn
        if status:
            params["statusFilter"] = status
        if redrive_filter:
            params["redriveFilter"] = redrive_filter
        subject = state_machine_arn or map_run_arn or ""
        page = self._pages(
            self.sfn.list_executions, params, "executions", subject, limit, next_token
        )
        self._saw(subject, *(item.get("executionArn") for item in page.items))
        return page

    def list_state_machines(self) -> list[dict[str, Any]]:
        """Every page of ListStateMachines (name, ARN, type, creationDate), as served."""
        found = self._pages(
            self.sfn.list_state_machines, {}, "stateMachines", "ListStateMachines", None, None
        ).items
        self._saw(*(item.get("stateMachineArn") for item in found))
        return found

    def executions_newest_first(
        self,
        arn: str,
        *,
        status: str | None = None,
        map_run: bool = False,
        redrive_filter: str | None = None,
        page_size: int = HISTORY_PAGE,
    ) -> Iterator[dict[str, Any]]:
        """ListExecutions one item at a time, newest first as served; the next page is asked
        for only when the consumer wants an item past this one (so a consumer that stops at
        the first execution older than a window never causes a request beyond it).
        `arn`: a state machine (version, alias), or a map run with `map_run`."""
        params: dict[str, Any] = {"mapRunArn" if map_run else "stateMachineArn": arn}
        params["maxResults"] = page_size
        if status:
            params["statusFilter"] = status
        if redrive_filter:
            params["redriveFilter"] = redrive_filter
        token: str | None = None
        guard = PageGuard(arn)
        while True:
            request = dict(params, nextToken=token) if token else params
            with translated(arn):
                response = self.sfn.list_executions(**request)
            items = response.get("executions", [])
            self._saw(arn, *(item.get("executionArn") for item in items[:1]))
            yield from items
            token = guard.next_token(response.get("nextToken"), len(items))
            if not token:
                return

    def executions(
        self,
        *,
        state_machine_arn: str | None = None,
        map_run_arn: str | None = None,
        status: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """`executions_newest_first` named by keyword: a state machine's or a map run's."""
        if map_run_arn and not state_machine_arn:
            return self.executions_newest_first(map_run_arn, status=status, map_run=True)
        return self.executions_newest_first(state_machine_arn or "", status=status)

    def history_pages(
        self,
        arn: str,
        *,
        reverse: bool = False,
        include_data: bool = True,
        shrink: Shrink | None = None,
    ) -> Iterator[list[dict[str, Any]]]:
        """GetExecutionHistory one page (1,000 events) at a time, oldest or newest first;
        each event through `shrink` (if given) before anything holds on to it."""
        for page in self._ordered_history_pages(arn, reverse=reverse, include_data=include_data):
            yield [shrink(e) for e in page] if shrink is not None else page

    def _ordered_history_pages(
        self, arn: str, *, reverse: bool, include_data: bool
    ) -> Iterator[list[dict[str, Any]]]:
        """A server that ignores reverseOrder (some emulators) serves oldest first: seen on the
        first page out of descending order, the rest is paged and handed over newest-first
        in one go — slower, never wrong (`why` would otherwise read the oldest events as the
        newest and say "still running")."""
        pages = self._served_history_pages(arn, reverse=reverse, include_data=include_data)
        if not reverse:
            yield from pages
            return
        for page in pages:
            ids = [event_id(e) for e in page]
            if ids == sorted(ids, reverse=True):
                yield page
                continue
            everything = page + [event for rest in pages for event in rest]
            yield sorted(everything, key=event_id, reverse=True)
            return

    def _served_history_pages(
        self, arn: str, *, reverse: bool, include_data: bool
    ) -> Iterator[list[dict[str, Any]]]:
        params: dict[str, Any] = {"executionArn": arn, "includeExecutionData": include_data}
        if reverse:
            params["reverseOrder"] = True
        token: str | None = None
        guard = PageGuard(arn)
        while True:
            request = dict(params, maxResults=HISTORY_PAGE)
            if token:
                request["nextToken"] = token
            with translated(arn):
                response = self.sfn.get_execution_history(**request)
            if token is None:
                self._saw(arn)
            page = response.pop("events", [])
            yield page
            token = guard.next_token(response.get("nextToken"), len(page))
            if not token:
                return

    def get_execution_history(
        self,
        arn: str,
        *,
        reverse: bool = False,
        include_data: bool = True,
        on_progress: Callable[[int], object] | None = None,
        sink: Callable[[list[dict[str, Any]]], object] | None = None,
        shrink: Shrink | None = None,
    ) -> list[dict[str, Any]]:
        """The whole history in id order (newest first with `reverse`).

        With `shrink`, each event is replaced by `shrink(event)` as its page arrives (e.g. the
        model's `slim`, for views that don't show payloads: a 25,000-event history in far
        less memory).

        With `sink` (not with `reverse`), events go to `sink` in id order as they become
        known and the list returned is empty.

        Pages from both ends at once — a forward pager and a reverseOrder pager meeting in the
        middle — so a 25,000-event history takes about half the sequential round trips.
        """
        if self.workers == 1:
            events = [
                event
                for page in self.history_pages(
                    arn, reverse=reverse, include_data=include_data, shrink=shrink
                )
                for event in page
            ]
            events.sort(key=event_id, reverse=reverse)
            if sink is not None:
                sink(events)
                return []
            return events
        events = fetch_from_both_ends(
            self.history_pages(arn, include_data=include_data, shrink=shrink),
            self.history_pages(arn, reverse=True, include_data=include_data, shrink=shrink),
            on_progress,
            None if reverse else sink,
        )
        if reverse and sink is not None:
            events.reverse()
            sink(events)
            return []
        if reverse:
            events.reverse()
        return events

    def list_map_runs(self, execution_arn: str) -> list[dict[str, Any]]:
        runs = self._pages(
            self.sfn.list_map_runs,
            {"executionArn": execution_arn},
            "mapRuns",
            execution_arn,
            None,
            None,
        ).items
        self._saw(execution_arn, *(run.get("mapRunArn") for run in runs))
        return runs

    def describe_executions(
        self, arns: list[str], on_done: Callable[[], object] | None = None
    ) -> list[dict[str, Any]]:
        """DescribeExecution for each ARN, `workers` at a time; results in the given order.

        Only the fields a roll-up needs are kept (no input/output), so a thousand children
        never hold a thousand payloads in memory.
        """
        keep = ("executionArn", "name", "status", "error", "cause", "startDate", "stopDate")

        def one(arn: str) -> dict[str, Any]:
            described = self.describe_execution(arn)
            if on_done is not None:
                on_done()
            return {k: described[k] for k in keep if k in described}

        if self.workers == 1 or len(arns) <= 1:
            return [one(arn) for arn in arns]
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=min(self.workers, len(arns)))
        try:
            return list(pool.map(one, arns))
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def describe_map_run(self, arn: str) -> dict[str, Any]:
        with translated(arn):
            found = _strip(self.sfn.describe_map_run(mapRunArn=arn))
        self._saw(found.get("mapRunArn"), found.get("executionArn"))
        return found

    def update_map_run(self, arn: str, changes: dict[str, Any]) -> None:
        with translated(arn):
            self.sfn.update_map_run(mapRunArn=arn, **changes)

    def definition_for_execution(self, arn: str) -> str | None:
        """The definition of the state machine version an execution runs (Wait end times)."""
        with translated(arn):
            response = self.sfn.describe_state_machine_for_execution(executionArn=arn)
        definition = response.get("definition")
        return str(definition) if definition else None

    def newest_events(self, arn: str, shrink: Shrink | None = None) -> list[dict[str, Any]]:
        """The history's newest page (up to 1,000 events, newest first), without payloads:
        one request, however long the history."""
        pages = self.history_pages(arn, reverse=True, include_data=False, shrink=shrink)
        return next(iter(pages), [])

    def stop_execution(
        self, arn: str, *, error: str | None = None, cause: str | None = None
    ) -> dict[str, Any]:
        """StopExecution; the response (stopDate)."""
        params: dict[str, Any] = {"executionArn": arn}
        if error is not None:
            params["error"] = error
        if cause is not None:
            params["cause"] = cause
        with translated(arn):
            return _strip(self.sfn.stop_execution(**params))

    def redrive_execution(self, arn: str, client_token: str) -> dict[str, Any]:
        """RedriveExecution with the caller's idempotency token: botocore's retries of this one
        request resend the same token, so a retried redrive is never a second redrive."""
        with translated(arn):
            return _strip(self.sfn.redrive_execution(executionArn=arn, clientToken=client_token))
