"""The message catalogue: every sentence in both languages, the same values in each, and a
broken entry named with its fix."""

import pytest

from parklens import messages


def test_the_bundled_catalogue_has_no_problems():
    assert messages.topics(), "the catalogue has no topic"
    assert messages.check() == []


def test_every_message_renders_in_both_languages_with_its_own_values():
    for topic in messages.topics():
        for key, entry in messages._topic(topic).items():
            forms = entry["en"] if isinstance(entry["en"], dict) else {"other": entry["en"]}
            names = messages._placeholders(next(iter(forms.values())))
            values = {n: f"<{n}>" for n in names}
            for lang in messages.LANGS:
                shown = messages.text(f"{topic}.{key}", lang, **values)
                assert all(f"<{n}>" in shown for n in names), (topic, key, lang)


def test_values_are_escaped_in_markdown_and_kept_in_plain_text():
    payload = "<img src=x onerror=alert(1)>[x](javascript:y)"
    page = messages.say("common.sources", "en", sources=payload)
    assert "<img" not in page and r"\[x\](javascript:y)" in page  # a link no more
    assert messages.text("common.sources", "en", sources=payload) == f"Sources: {payload}"


def test_english_plural_follows_n():
    assert messages.text("common.from_documents", "en", n=1) == "from 1 document"
    assert messages.text("common.from_documents", "en", n=2) == "from 2 documents"
    assert messages.text("common.from_documents", "zh", n=1) == "来自 1 份文件"


@pytest.mark.parametrize("body, fix", [
    ("a: {zh: 甲}\n", "give exactly the languages zh, en"),
    ("a: {zh: '{n} 家', en: '{count} firms'}\n", "same {placeholders}"),
    ("a: {zh: 甲, en: {one: x, many: y}}\n", "{one: ..., other: ...}"),
    ("a: {zh: '{', en: x}\n", "a.zh"),
    ("- just a list\n", "must map keys"),
])
def test_a_broken_entry_is_named_with_its_fix(tmp_path, body, fix):
    (tmp_path / "t.yaml").write_text(body, encoding="utf-8")
    problems = messages.check(tmp_path)
    assert len(problems) == 1 and fix in problems[0], problems


def test_an_unknown_message_or_language_says_where_to_add_it():
    with pytest.raises(messages.MessageError, match="add 'nowhere' to messages/common.yaml"):
        messages.text("common.nowhere", "en")
    with pytest.raises(messages.MessageError, match="no message topic 'nosuch'"):
        messages.text("nosuch.x", "en")
    with pytest.raises(messages.MessageError, match="unknown language 'fr'"):
        messages.text("common.not_stated", "fr")
