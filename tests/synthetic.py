"""Synthetic data at national-catalogue scale, for benchmarks and scale tests.

Deterministic for a given seed. Two generators:

* :func:`make_parks` writes a project folder (``data/parks``, ``data/vocab``,
  ``data/catalogue``, ``seeds``) with ``n`` parks in the real data format. Each synthetic park
  is a real zone of the 2018 national catalogue (``data/catalogue/devzones_2018.csv``, read
  through :mod:`parklens.catalogue`): its name (zh and the systematic English name),
  province, type, level and leading industries are the zone's, and its ``catalogue:`` link
  names the zone (so ``ds.catalogue`` gives its approved area and dates). With ``n`` = 2,543
  every zone is taken once, in a seeded order; a smaller ``n`` takes a seeded sample. What
  the documents state is recombined from the real parks' records under new ids: the
  sources, industries, enterprises, projects and a random subset of the figures of one real
  park, plus the policies (with their sources) of another. Every quote is still a verbatim
  quote of a seed, so the synthetic dataset passes the full validation, quote checks
  included.
* :func:`make_corpus` writes ``n`` documents, each a random sequence of paragraphs of the
  seed documents (the seeds' own text, so extraction and theme measures meet real sentences).

And :func:`small_notebook`, a notebook of one cell with the analysis notebooks' parameters
(the floor of the notebook benchmark, and the batch tests' stand-ins), and
:func:`writing_notebook`, one that also writes a table and a chart as the analysis notebooks do.

Run from the command line::

    python tests/synthetic.py parks /tmp/parklens-synth --n 2543
    python tests/synthetic.py corpus /tmp/parklens-corpus --n 10000
"""

from __future__ import annotations

import argparse
import copy
import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
N_PARKS, N_DOCS = 2543, 10_000  # the national catalogue's development zones; a group's corpus
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _templates(root: Path) -> list[dict]:
    return [yaml.load(p.read_text(encoding="utf-8"), Loader=_LOADER)
            for p in sorted((root / "data" / "parks").glob("*.yaml"))]


#: The parks' types (terms.yaml ``park_type``) for the catalogue's zone types. The parks'
#: vocabulary has no type for special customs areas, border cooperation zones and the
#: catalogue's "other" zones (177 of 2,543): those take ``industrial_park``, and keep their
#: own type in ``ds.catalogue`` through the link. A name ending in 产业集聚区 or holding 化工园区
#: says more than the type column and wins (see :func:`park_type`).
PARK_TYPES = {"economic_technological": "economic_development_zone",
              "economic_development": "economic_development_zone",
              "hitech": "hitech_zone", "industrial_park": "industrial_park",
              "customs_special": "industrial_park", "border_cooperation": "industrial_park",
              "other": "industrial_park"}


def park_type(zone_type: str, name_zh: str) -> str:
    """The park type of a catalogue zone, by its name where the name says, else its type."""
    if name_zh.endswith("产业集聚区"):
        return "industrial_cluster_zone"
    if "化工园区" in name_zh:
        return "chemical_park"
    return PARK_TYPES[zone_type]


def catalogue_zones(root: Path = ROOT) -> list[dict]:
    """The zones of the root's catalogue, each with ``industries``: the parks' industry ids
    its leading industries map to (data/vocab/catalogue_industries.csv), in the order stated,
    each once; empty where none of its wordings maps to one."""
    from parklens import catalogue

    cat = catalogue.load(root / "data" / "catalogue" / "devzones_2018.csv")
    vocab = yaml.load((root / "data" / "vocab" / "industries.yaml").read_text(encoding="utf-8"),
                      Loader=_LOADER)
    mapped = cat.industries[cat.industries.industry.isin(list(vocab))]
    # keyed by code and name: the source prints one code (S377018) on two zones
    industries = mapped.groupby(["code", "name_zh"], sort=False).industry.agg(
        lambda s: list(dict.fromkeys(s)))
    zones = cat.zones[["code", "name_zh", "name_en", "province", "level", "type"]]
    return [{**z, "industries": industries.get((z["code"], z["name_zh"]), [])}
            for z in zones.to_dict("records")]


def _renamed(park: dict, tag: str) -> tuple[dict, dict[str, str]]:
    """A deep copy of ``park`` whose ids (sources, metrics, enterprises, projects, policies)
    carry ``tag``; returns it with the map old id -> new id for references."""
    park = copy.deepcopy(park)
    new: dict[str, str] = {}
    for section in ("sources", "metrics", "enterprises", "projects", "policies"):
        for item in park.get(section, []):
            new[item["id"]] = item["id"] = f"{item['id']}_{tag}"

    def recite(items):
        for item in items:
            for cite in item.get("cites", []):
                cite["source"] = new[cite["source"]]

    recite([park["park"]] + ([park["catalogue"]] if park.get("catalogue") else []))
    for section in ("metrics", "industries", "enterprises", "projects", "policies"):
        recite(park.get(section, []))
    for m in park.get("metrics", []):
        if m.get("subject") in new:
            m["subject"] = new[m["subject"]]
    for p in park.get("projects", []):
        if p.get("enterprise") in new:
            p["enterprise"] = new[p["enterprise"]]
    return park, new


def synthetic_park(i: int, templates: list[dict], rng: random.Random, zone: dict) -> dict:
    """Park number ``i``: catalogue ``zone`` as its profile, the records of one real park and
    the policies of another as what its documents state."""
    a, b = rng.sample(range(len(templates)), 2) if len(templates) > 1 else (0, 0)
    tag = f"z{i:04d}"
    base, new = _renamed(templates[a], tag)
    old_id = templates[a]["park"]["id"]
    park_id = f"{tag}_{old_id}"[:80]
    info = base["park"]
    # city and short name are the template's, wrong for another zone: left out (optional)
    for key in ("short_zh", "city"):
        info.pop(key, None)
    info.update(id=park_id, name_zh=zone["name_zh"], name_en=zone["name_en"],
                province=zone["province"], type=park_type(zone["type"], zone["name_zh"]),
                level=zone["level"])
    if zone["industries"]:
        info["leading_industries"] = list(zone["industries"])
    # The link's cites are the template's evidence sentences (a link needs one); the zone is
    # the one the park was made from, so it is certain.
    cites = (base.get("catalogue") or {}).get("cites") or info["cites"][:1]
    base["catalogue"] = {
        "code": zone["code"], "name_zh": zone["name_zh"], "confidence": "high",
        "evidence": "Synthetic park made from this zone's catalogue row (name, province, "
                    "type, level, leading industries); its figures are recombined from the "
                    f"seeds' park {old_id}",
        "cites": cites}
    for m in base.get("metrics", []):
        if m.get("subject") == old_id:
            m["subject"] = park_id
    # A random subset of the figures (at least one), in their original order.
    metrics = base.get("metrics", [])
    keep = sorted(rng.sample(range(len(metrics)), max(1, int(len(metrics) * rng.uniform(.6, 1)))))
    base["metrics"] = [metrics[k] for k in keep]
    if b != a:
        donor, _ = _renamed(templates[b], f"{tag}p")
        cited = {c["source"] for p in donor.get("policies", []) for c in p["cites"]}
        base["sources"] += [s for s in donor["sources"] if s["id"] in cited]
        base["policies"] = base.get("policies", []) + donor.get("policies", [])
    return base


def make_parks(out: Path, n: int = N_PARKS, seed: int = 2543, root: Path = ROOT) -> Path:
    """Write a project folder with ``n`` synthetic parks; returns its ``data`` folder."""
    out = Path(out)
    data = out / "data"
    if out.exists():
        shutil.rmtree(out)
    (data / "parks").mkdir(parents=True)
    shutil.copytree(root / "data" / "vocab", data / "vocab")
    shutil.copytree(root / "data" / "catalogue", data / "catalogue")
    shutil.copytree(root / "seeds", out / "seeds")
    templates = _templates(root)
    zones = catalogue_zones(root)
    rng = random.Random(seed)
    order = rng.sample(range(len(zones)), len(zones))  # every zone once before any repeats
    for i in range(1, n + 1):
        park = synthetic_park(i, templates, rng, zones[order[(i - 1) % len(zones)]])
        text = yaml.dump(park, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=200)
        (data / "parks" / f"{park['park']['id']}.yaml").write_text(text, encoding="utf-8")
    return data


def seed_paragraphs(root: Path = ROOT) -> list[str]:
    """Every non-empty line of the seed documents (a paragraph each in these files)."""
    paras = []
    for path in sorted((root / "seeds").glob("*.txt")):
        paras += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
                  if len(ln.strip()) >= 10]
    return paras


def make_corpus(out: Path, n: int = N_DOCS, seed: int = 10_000, root: Path = ROOT) -> Path:
    """Write ``n`` documents of 5–40 seed paragraphs each into ``out``; returns ``out``."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    paras = seed_paragraphs(root)
    rng = random.Random(seed)
    for i in range(1, n + 1):
        body = rng.choices(paras, k=rng.randint(5, 40))
        text = f"合成文档 {i:05d}\n\n" + "\n\n".join(body) + "\n"
        (out / f"doc{i:05d}.txt").write_text(text, encoding="utf-8")
    return out


def small_notebook(folder: Path, name: str, code: str) -> Path:
    """A notebook with the analysis notebooks' parameters and one cell of ``code`` (papermill
    sets the parameters; the defaults are puyang, zh, no output)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('park_id = "puyang"\nlang = "zh"\noutput_dir = None')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(code)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


#: What an analysis notebook writes beside its page, as the real ones write it (through
#: parklens.export): a table as CSV and a chart as PNG, under ``output_dir/<notebook>/``.
_WRITES = """import pathlib
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from parklens.export import save_figure, write_csv
folder = pathlib.Path(output_dir) / {name!r}
table = pd.DataFrame({{"indicator": ["gdp", "output"], "value": [5.2, 7.1]}})
write_csv(table, folder / "growth.csv")
fig, ax = plt.subplots()
ax.plot([1, 2, 3])
save_figure(fig, folder / "growth.png")
print("written for", park_id)
"""


def writing_notebook(folder: Path, name: str, before: str = "") -> Path:
    """A :func:`small_notebook` that writes what an analysis notebook writes beside its page
    (``<name>/growth.csv`` and ``<name>/growth.png`` under its ``output_dir``) and prints
    ``written for PARK``; ``before`` runs first."""
    return small_notebook(folder, name, (before + "\n" if before else "") +
                          _WRITES.format(name=name))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("kind", choices=["parks", "corpus"])
    p.add_argument("out", type=Path)
    p.add_argument("--n", type=int, default=None)
    p.add_argument("--seed", type=int, default=None)
    a = p.parse_args(argv)
    make = make_parks if a.kind == "parks" else make_corpus
    kw = {k: v for k, v in (("n", a.n), ("seed", a.seed)) if v is not None}
    path = make(a.out, **kw)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
