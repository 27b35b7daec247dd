"""The page validator's machinery; `scripts/validate.py` is its command line, `scripts/hooks/validate.py` its MkDocs hook.

Modules, one job each: `project` (mkdocs.yml and the files MkDocs includes),
`events` (the plugins' on_files and on_nav), reading a page into facts
(`facts` the records; `document` the page, with `parser` (markdown-it-py
with source positions), `blocks`, `snippets`, `rawhtml` and `front_matter`'s
parser), the rules over them (`checks` those of one page; `links`, `anchors`,
`structure` those of the whole site; `front_matter` (the schema's verdicts),
`names` and `safety` what those rules ask), `rendered` (confirming a finding
against the rendered page), `cache`, `check` (one run), `report` (output
formats), `rules` (the rule registry). Every rule id is named by one function only.
"""

from .check import Result, run
from .project import Project, SetupError, load_project, project_from_config
from .rules import RULES, Problem, Rule

__all__ = ["RULES", "Problem", "Project", "Result", "Rule", "SetupError", "load_project", "project_from_config", "run"]
