"""Shell completion: subcommands, options, enum values, ARNs and names — answered in
milliseconds.

The shell scripts below call `sfnctl __complete SHELL WORD…` (the words typed after `sfnctl`,
the last one being completed). `sfnctl.entry` answers that before importing Typer, rich or
botocore, from `completion.json` (the command tree, generated from the Typer app by
`python -m tools.helptext` and checked by a test) and the ARN cache (`sfnctl.arncache`, the
file for the endpoint and profile on the command line or in the environment). A word that is
being typed (not empty, not an ARN) is also offered the names the cached ARNs hold: state
machine names, `NAME/EXECUTION`, `NAME@latest` and `NAME@failed`. No network call, ever.
"""

from __future__ import annotations

import json
import os
from typing import Any

SPEC_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "completion.json")
SHELLS = ("bash", "zsh", "fish")

# How a cached ARN of each kind (sfnctl.model.arns.Kind's values) is recognised. Which kinds a
# command's ARN argument takes is declared once, on the command (`Command.accepts`), and written
# into completion.json as `arn_kinds` by tools/helptext.py.
_MARKERS: dict[str, tuple[str, ...]] = {
    "execution": (":execution:",),
    "express execution": (":express:",),
    "map run": (":mapRun:",),
    "state machine": (":stateMachine:",),
    "state machine version": (":stateMachine:",),
    "state machine alias": (":stateMachine:",),
    "durable execution": ("/durable-execution/", "LOCAL_DURABLE"),
}
FUNCTION_KIND = "Lambda function"  # completed as function names, not ARNs


def _fits(arn: str, kinds: tuple[str, ...]) -> bool:
    if not arn.startswith("arn:"):
        return "LOCAL_DURABLE" in kinds  # the durable local runner's `<id>/<id>`
    return any(marker in arn for marker in kinds if marker != "LOCAL_DURABLE")


def load_spec() -> dict[str, Any]:
    with open(SPEC_FILE, encoding="utf-8") as handle:
        return dict(json.load(handle))


def complete(words: list[str], spec: dict[str, Any], arns: list[str]) -> list[str]:
    """Candidates for the last of `words` (what follows `sfnctl` on the command line)."""
    if not words:
        words = [""]
    path: list[str] = []
    node = spec[""]
    pending: dict[str, Any] | None = None
    positional = 0
    for word in words[:-1]:
        if pending is not None:
            pending = None
            continue
        if word.startswith("-") and word != "-":
            option = _option(node, word.split("=", 1)[0])
            if option is not None and option["takes_value"] and "=" not in word:
                pending = option
            continue
        if word in node["subcommands"]:
            path.append(word)
            node = spec[" ".join(path)]
            positional = 0
            continue
        positional += 1
    current = words[-1]
    if pending is not None:
        return [c for c in pending.get("choices") or [] if c.startswith(current)]
    if current.startswith("-"):
        names = [n for option in node["options"] for n in option["names"]]
        return sorted(n for n in names if n.startswith(current) and n.startswith("--"))
    if node["subcommands"]:
        return [name for name in node["subcommands"] if name.startswith(current)]
    arguments = node["arguments"]
    if positional >= len(arguments):
        return []
    argument = arguments[positional]
    if argument.get("choices"):
        return [c for c in argument["choices"] if c.startswith(current)]
    kinds = node.get("arn_kinds") or []
    if FUNCTION_KIND in kinds:
        return _functions(arns, current)
    markers = tuple(dict.fromkeys(m for kind in kinds for m in _MARKERS.get(kind, ())))
    if not markers:
        return []
    found = [arn for arn in arns if arn.startswith(current) and _fits(arn, markers)]
    if current and not current.lower().startswith("arn"):
        found += [name for name in _names(arns, kinds) if name.startswith(current)]
    return found


_SM_KINDS = ("state machine", "state machine version", "state machine alias")


def _names(arns: list[str], kinds: list[str]) -> list[str]:
    """Name forms for the cached ARNs: state machine names where a state machine is taken;
    NAME/EXECUTION, NAME@latest, NAME@failed where an execution is."""
    machines: list[str] = []
    executions: list[str] = []
    for arn in arns:
        parts = arn.split(":")
        if len(parts) < 7 or parts[2] != "states" or "/" in parts[6]:
            continue  # map-run children (`sm/label`) have no name form
        is_execution = parts[5] == "execution" and len(parts) == 8
        if (parts[5] == "stateMachine" or is_execution) and parts[6] not in machines:
            machines.append(parts[6])
        if is_execution:
            executions.append(f"{parts[6]}/{parts[7]}")
    found: list[str] = []
    if any(kind in _SM_KINDS for kind in kinds):
        found += machines
    if "execution" in kinds:
        found += executions
        found += [f"{m}{suffix}" for m in machines for suffix in ("@latest", "@failed")]
    return list(dict.fromkeys(found))


def _option(node: dict[str, Any], name: str) -> dict[str, Any] | None:
    for option in node["options"]:
        if name in option["names"]:
            return dict(option)
    return None


def _functions(arns: list[str], current: str) -> list[str]:
    """Function names (and function ARNs) seen in durable-execution and function ARNs."""
    found: list[str] = []
    for arn in arns:
        if ":function:" not in arn:
            continue
        function_arn = arn.split("/durable-execution/", 1)[0]
        name = function_arn.split(":function:", 1)[1].split(":", 1)[0]
        for candidate in (name, function_arn.rsplit(":", 1)[0] if name else ""):
            if candidate and candidate.startswith(current) and candidate not in found:
                found.append(candidate)
    return found


def _given(words: list[str], option: str) -> str | None:
    """The value of a global option typed on the line (`--opt VALUE` or `--opt=VALUE`)."""
    for i, word in enumerate(words[:-1]):
        if word == option and i + 1 < len(words) - 1:
            return words[i + 1]
        if word.startswith(option + "="):
            return word.split("=", 1)[1]
    return None


def answer(args: list[str]) -> str:
    """`sfnctl __complete SHELL WORD…` → one candidate per line (never raises)."""
    from sfnctl import arncache

    words = args[1:] if args and args[0] in SHELLS else args
    try:
        origin = arncache.origin(_given(words, "--endpoint-url"), _given(words, "--profile"))
        candidates = complete(words, load_spec(), arncache.load(origin))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return ""
    return "".join(f"{c}\n" for c in candidates)


# --- the shell scripts (`sfnctl completion SHELL`, committed under completions/) ------------

BASH = r"""# bash completion for sfnctl — generated by `sfnctl completion bash`.
# Install: sfnctl completion bash > ~/.local/share/bash-completion/completions/sfnctl
_sfnctl_complete() {
    # Split the line at whitespace only: ARNs are full of ':' (a COMP_WORDBREAKS character),
    # so bash's own COMP_WORDS would cut them into pieces.
    local line=${COMP_LINE:0:COMP_POINT}
    local -a words
    read -r -a words <<< "$line"
    [[ $line =~ [[:space:]]$ ]] && words+=("")
    local cur=${words[${#words[@]}-1]}
    local candidates
    candidates=$(command sfnctl __complete bash "${words[@]:1}" 2>/dev/null) || return 0
    COMPREPLY=()
    # bash replaces only the part of the word after its last ':' — hand it just that part.
    local head=""
    [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]] && head=${cur%"${cur##*:}"}
    local candidate
    while IFS= read -r candidate; do
        [[ -n $candidate ]] && COMPREPLY+=("${candidate#"$head"}")
    done <<< "$candidates"
    return 0
}
complete -o default -F _sfnctl_complete sfnctl
"""

ZSH = r"""#compdef sfnctl
# zsh completion for sfnctl — generated by `sfnctl completion zsh`.
# Install: sfnctl completion zsh > "${fpath[1]}/_sfnctl"   (or source it after compinit)
_sfnctl() {
    local -a candidates
    candidates=("${(@f)$(command sfnctl __complete zsh "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    candidates=(${candidates:#})
    if (( ${#candidates} )); then
        compadd -- "${candidates[@]}"
    else
        _files
    fi
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _sfnctl "$@"
else
    compdef _sfnctl sfnctl
fi
"""

FISH = r"""# fish completion for sfnctl — generated by `sfnctl completion fish`.
# Install: sfnctl completion fish > ~/.config/fish/completions/sfnctl.fish
function __sfnctl_complete
    set -l tokens (commandline -opc) (commandline -ct)
    command sfnctl __complete fish $tokens[2..-1] 2>/dev/null
end
complete -c sfnctl -f -a '(__sfnctl_complete)'
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}
FILE_NAMES = {"bash": "sfnctl.bash", "zsh": "_sfnctl", "fish": "sfnctl.fish"}
