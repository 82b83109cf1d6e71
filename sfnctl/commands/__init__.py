"""One module per command; one package per group of commands (`maprun/`, `durable/`).

A command module holds, in this order: its options (a frozen, keyword-only dataclass), its
Typer function (Typer's parameters, turned into the options by keyword, then
`ctx.run(run, options)`), its `run(ctx, opts) -> Result` (API calls through `ctx.api`, the model
for the logic, never printing its final output), and `COMMAND = Command(...)`: the name, the
Typer function, the ARN kinds it accepts (read by its validator and by the completion
generator) and whether it saves pictures. `sfnctl.app` registers the `COMMAND`s and `GROUP`s;
`sfnctl.present` shows the `Result`. Modules here import the model and the renderers lazily
(inside functions), so registering every command costs little at start-up. Shared parameters
live in `options.py`, shared inputs in `inputs.py`, the Typer wiring in `base.py`. Every
TARGET word (ARN, console URL or name form) becomes an ARN in one place:
`targets.resolve(ctx, text, accepts=KINDS, command=...)`.

Tests: `tests/commands/` (argv → options for every flag; commands against botocore's Stubber).
"""
