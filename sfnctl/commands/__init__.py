"""Command bodies: options in, API calls through ctx.api, output through sfnctl.output."""
