"""The page validator's machinery; `scripts/validate.py` is its command line, `scripts/hooks/validate.py` its MkDocs hook.

Modules, one job each: `project` (mkdocs.yml and the files MkDocs includes),
`parser` (markdown-it-py with source positions), `document` (one page's
facts and the problems visible in it alone), `front_matter`, `names`,
`safety`, `anchors`, `links`, `structure` (rules over the whole site),
`check` (one run), `report` (output formats), `rules` (the rule registry).
"""

from .check import Result, run
from .project import Project, SetupError, load_project, project_from_config
from .rules import RULES, Problem, Rule

__all__ = ["RULES", "Problem", "Project", "Result", "Rule", "SetupError", "load_project", "project_from_config", "run"]
