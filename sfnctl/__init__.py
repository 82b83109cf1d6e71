"""sfnctl: inspect AWS Step Functions executions and Lambda durable executions."""

__version__ = "0.1.0"
