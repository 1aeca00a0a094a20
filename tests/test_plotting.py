"""Chinese labels render with the font parklens installs; no global side effects."""

from __future__ import annotations

import io
import os
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from parklens import plotting, structure

TITLE = "官庄先进制造业开发区 · 产业结构（近70亿元）"


def render(title: str) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        ax.set_title(title)
        ax.set_xlabel("规上工业增加值增速")
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def listing(folder: str) -> set[str]:
    return {os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs} \
        if os.path.isdir(folder) else set()


def test_chinese_title_without_the_theme_misses_glyphs():
    matplotlib.rcdefaults()
    assert render(TITLE), "the default font cannot draw Chinese: this test must see it"


def test_chinese_title_with_the_theme_has_no_missing_glyphs():
    before = listing(matplotlib.get_data_path()) | listing(matplotlib.get_configdir())
    assert plotting.use_theme() == plotting.FONT_NAME
    assert render(TITLE) == []
    after = listing(matplotlib.get_data_path()) | listing(matplotlib.get_configdir())
    assert after == before, "use_theme writes nothing into matplotlib's folders"
    assert plotting.font_path().is_file()


def test_charts_in_both_languages(ds):
    plotting.use_theme()
    shares = structure.output_shares(ds)
    for lang in ("zh", "en"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ax = plotting.barh(shares.assign(label=shares[f"label_{lang}"]), "share_pct",
                               "label", annotate="stated", title="产值结构")
            m = structure.industry_matrix(ds, lang=lang)
            ax2 = plotting.heatmap(structure.role_scores(m, ds=ds),
                                   annot=structure.role_labels(m, lang, ds=ds))
            mix = pd.DataFrame({"供给型": [60.0, 30.0], "需求型": [40.0, None]},
                               index=["濮阳", "宿迁"])
            ax3 = plotting.stacked_barh(mix, title="政策工具结构", xlabel="比重（%）")
            for a in (ax, ax2, ax3):
                a.figure.savefig(io.BytesIO(), format="png")
        assert not [w for w in caught if "missing from font" in str(w.message)]
        assert [t.get_text() for t in ax3.get_yticklabels()] == ["濮阳", "宿迁"]
        ends = sorted({round(p.get_x() + p.get_width(), 6) for p in ax3.patches})
        assert ends == [30.0, 60.0, 100.0]  # stacked: each bar starts where the last ended
        assert [t.get_text() for t in ax3.get_legend().get_texts()] == ["供给型", "需求型"]
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert ("石油化工" in labels) == (lang == "zh")
        assert ("petrochemicals" in labels) == (lang == "en")
        plt.close("all")


def test_missing_font_package_is_explained(monkeypatch):
    monkeypatch.setattr(plotting.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(RuntimeError, match="pip install mplfonts"):
        plotting.font_path()


def test_seaborn_charts_of_your_own_get_the_chinese_font():
    import pandas as pd
    import seaborn as sns

    plotting.use_theme()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = sns.barplot(pd.DataFrame({"产业": ["石油化工", "医药制造"], "产值": [3.0, 1.0]}),
                         x="产值", y="产业")
        ax.set_title(TITLE)
        ax.figure.savefig(io.BytesIO(), format="png")
        plt.close("all")
    assert not [w for w in caught if "missing from font" in str(w.message)]


def test_an_all_parks_chart_names_each_bars_park(ds):
    from matplotlib.colors import to_hex

    plotting.use_theme()
    names = list(ds.parks.name_en)
    colors = plotting.category_colors(names)
    df = pd.DataFrame({"label": ["coatings", "coatings", "optics"], "value": [8.0, 2.0, 160.0],
                       "park": [names[0], names[2], names[1]]})
    ax = plotting.barh(df, "value", "label", hue="park", hue_colors=colors)
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [names[1], names[0], names[2]]
    assert legend.get_title().get_text() == ""  # not the column's name
    bar_colors = [to_hex(p.get_facecolor()) for p in ax.patches]
    assert bar_colors == [to_hex(colors[n]) for n in (names[1], names[0], names[2])]
    plain = plotting.barh(df, "value", "label")
    assert len({to_hex(p.get_facecolor()) for p in plain.patches}) == 1  # no rank gradient
    plt.close("all")


def test_a_role_has_one_colour_in_every_chart(ds):
    from matplotlib.colors import to_hex

    plotting.use_theme()
    roles = ds.vocab["terms"]["industry_role"]
    colors = plotting.category_colors(roles)
    assert set(colors) == set(roles) and len(set(colors.values())) == len(roles)
    only_emerging = pd.DataFrame({"x": ["emerging", None]}, index=["a", "b"])
    mixed = pd.DataFrame({"x": ["leading", "emerging"], "y": ["future", None]},
                         index=["a", "b"])
    seen = {}
    for m in (only_emerging, mixed):
        ax = plotting.category_heatmap(m, colors)
        mesh = ax.collections[0]
        faces = [to_hex(c) for c in mesh.to_rgba(mesh.get_array().compressed())]
        present = [v for v in m.to_numpy().ravel() if isinstance(v, str)]
        for role, face in zip(present, faces):
            seen.setdefault(role, set()).add(face)
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == [r for r in roles if r in present]  # vocabulary order
    assert seen["emerging"] == {to_hex(colors["emerging"])}
    assert seen["leading"] == {to_hex(colors["leading"])}
    assert to_hex(colors["leading"]) != to_hex(colors["emerging"])
    plt.close("all")


def test_a_chart_of_many_rows_draws_the_first_and_says_so():
    import pandas as pd

    from parklens import plotting

    n = plotting.MAX_ROWS + 60
    df = pd.DataFrame({"v": range(n), "label": [f"p{i}" for i in range(n)]})
    ax = plotting.barh(df, "v", "label", title="T")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == plotting.MAX_ROWS and labels[0] == f"p{n - 1}"  # the largest
    assert ax.get_title() == f"T ({plotting.MAX_ROWS} / {n})"
    matrix = pd.DataFrame({"a": range(n)}, index=[f"p{i}" for i in range(n)], dtype=float)
    for ax in (plotting.heatmap(matrix, title="H", annot=matrix.astype(str)),
               plotting.stacked_barh(matrix, title="S")):
        assert [t.get_text() for t in ax.get_yticklabels()][-1] == f"p{plotting.MAX_ROWS - 1}"
        assert ax.get_title().endswith(f"({plotting.MAX_ROWS} / {n})")
    assert plotting.barh(df.head(3), "v", "label", title="T").get_title() == "T"
