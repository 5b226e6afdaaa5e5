"""`neo-auth completion bash|zsh`: a shell completion script, made from the parser
itself, so it always knows every command and option."""

from __future__ import annotations

import argparse
from typing import Any

from neo_auth.cli.console import EXIT_OK


def add_parsers(commands: Any) -> None:
    parser = commands.add_parser(
        "completion",
        help="print a shell completion script (bash or zsh)",
        description="Print a completion script for your shell. Install it with, e.g.: "
        "neo-auth completion bash > ~/.local/share/bash-completion/completions/neo-auth, "
        "or add 'eval \"$(neo-auth completion zsh)\"' to ~/.zshrc.",
    )
    parser.add_argument("shell", choices=["bash", "zsh"], help="the shell to complete in")
    parser.set_defaults(run=run)


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return sorted(
        option
        for action in parser._actions  # argparse has no public list of a parser's options
        for option in action.option_strings
        if option.startswith("--")
    )


def script(parser: argparse.ArgumentParser) -> str:
    """The bash completion function for `parser` (zsh runs it through bashcompinit)."""
    subparsers = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    commands = sorted(subparsers.choices)
    cases = "\n".join(
        f'        {name}) opts="{" ".join(_options(sub))}" ;;'
        for name, sub in sorted(subparsers.choices.items())
    )
    return f"""# neo-auth completion (bash; zsh: autoload bashcompinit first)
_neo_auth() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" command="" word opts
    for word in "${{COMP_WORDS[@]:1:COMP_CWORD-1}}"; do
        case "$word" in -*) ;; *) command="$word"; break ;; esac
    done
    if [ -z "$command" ]; then
        COMPREPLY=($(compgen -W "{" ".join(commands)} {" ".join(_options(parser))}" -- "$cur"))
        return
    fi
    case "$command" in
{cases}
        *) opts="" ;;
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}}
complete -F _neo_auth neo-auth
"""


def run(args: argparse.Namespace) -> int:
    from neo_auth.cli.main import build_parser

    text = script(build_parser())
    if args.shell == "zsh":
        text = "autoload -U +X bashcompinit && bashcompinit\n" + text
    print(text, end="")
    return EXIT_OK
