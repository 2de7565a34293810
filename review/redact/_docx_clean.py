"""Makes a WordprocessingML part safe to publish: revisions accepted, comment marks and hidden text removed."""

from __future__ import annotations

from ..extractors._docx_ns import (
    FALSE_VALUES,
    W_DEL,
    W_MOVE_FROM,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_R,
    W_RPR,
    W_RSTYLE,
    W_TR,
    W_TR_PR,
    W_VAL,
    W_VANISH,
    Element,
    _w,
)

W_INS = _w("ins")
W_MOVE_TO = _w("moveTo")
# Containers of accepted text: accepting the revision keeps what is inside them.
_UNWRAP = (W_INS, W_MOVE_TO)
# Records of former formatting, revision marks on properties, and range markers of moves and comments: none
# holds text a reader sees, and the formatting records name their author.
_DROP = tuple(_w(name) for name in (
    "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange",
    "tblPrExChange", "numberingChange", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
    "moveToRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd", "customXmlInsRangeStart",
    "customXmlInsRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
    "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd", "cellIns", "cellDel", "cellMerge",
    "commentRangeStart", "commentRangeEnd",
))
W_COMMENT_REFERENCE = _w("commentReference")
W_TRACK_REVISIONS = _w("trackRevisions")
# Every element a step below removes, unwraps or looks into (hidden runs are found through their paragraph):
# a part holding none of them comes out of the cleaning as it went in.
CLEANED = (W_DEL, W_MOVE_FROM, *_UNWRAP, *_DROP, W_TRACK_REVISIONS, W_COMMENT_REFERENCE, W_P)


def accept_revisions(root: Element) -> int:
    """Accept every tracked change in the part: deleted text is gone, inserted text stays; returns changes made."""
    changes = 0
    for el in list(root.iter(W_DEL, W_MOVE_FROM)):
        parent = el.getparent()
        if parent is None:
            continue
        if parent.tag == W_TR_PR and el.tag == W_DEL:
            row = parent.getparent()  # a deleted table row: the whole row goes
            if row is not None and row.tag == W_TR and row.getparent() is not None:
                row.getparent().remove(row)
        elif parent.tag == W_RPR and el.tag == W_DEL and _is_paragraph_mark(parent):
            parent.remove(el)
            _join_next(parent.getparent().getparent())
        else:
            parent.remove(el)  # a deleted run's container goes with its text
        changes += 1
    for el in list(root.iter(*_UNWRAP)):
        changes += 1
        if el.getparent() is not None and el.getparent().tag in (W_RPR, W_TR_PR):
            el.getparent().remove(el)  # an insertion mark on a paragraph mark or row
        else:
            _unwrap(el)
    for el in list(root.iter(*_DROP)):
        _remove(el)
        changes += 1
    for el in list(root.iter(W_TRACK_REVISIONS)):
        _remove(el)
    return changes


def _is_paragraph_mark(rpr: Element) -> bool:
    ppr = rpr.getparent()
    return ppr is not None and ppr.tag == W_PPR and ppr.getparent() is not None and ppr.getparent().tag == W_P


def _join_next(p: Element) -> None:
    """Accept a deleted paragraph mark: the paragraph's runs join the next paragraph, which keeps its own mark."""
    following = p.getnext()
    if following is None or following.tag != W_P:
        return  # the last paragraph of a cell or story keeps its mark: Word never removes that one
    anchor = following.find(W_PPR)
    position = following.index(anchor) + 1 if anchor is not None else 0
    for offset, child in enumerate([c for c in p if c.tag != W_PPR]):
        following.insert(position + offset, child)
    _remove(p)


def remove_comment_references(root: Element) -> int:
    """Remove the runs that anchor comments (the comments part itself is dropped from the package)."""
    removed = 0
    for ref in list(root.iter(W_COMMENT_REFERENCE)):
        run = ref.getparent()
        if run is not None and run.tag == W_R and all(c is ref or c.tag == W_RPR for c in run):
            _remove(run)
        else:
            _remove(ref)
        removed += 1
    return removed


def remove_hidden_text(root: Element, hidden_styles: frozenset[str]) -> int:
    """Remove runs Word hides (w:vanish, directly or through a style); returns how many went."""
    if not hidden_styles and next(root.iter(W_VANISH), None) is None:
        return 0  # nothing can hide a run: most parts, and walking every run of a long table is costly
    removed = 0
    for p in list(root.iter(W_P)):
        style = p.find(f"{W_PPR}/{W_PSTYLE}")
        para_hidden = style is not None and style.get(W_VAL) in hidden_styles
        for run in [r for r in p.iter(W_R) if _nearest_paragraph(r) is p]:
            if _run_hidden(run, hidden_styles, para_hidden):
                _remove(run)
                removed += 1
    return removed


def _run_hidden(run: Element, hidden_styles: frozenset[str], default: bool) -> bool:
    rpr = run.find(W_RPR)
    if rpr is None:
        return default
    vanish = rpr.find(W_VANISH)
    if vanish is not None:
        return vanish.get(W_VAL) not in FALSE_VALUES
    style = rpr.find(W_RSTYLE)
    if style is not None and style.get(W_VAL) in hidden_styles:
        return True
    return default


def _nearest_paragraph(el: Element) -> Element | None:
    return next(el.iterancestors(W_P), None)


def _unwrap(el: Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    for offset, child in enumerate(list(el)):
        parent.insert(index + offset, child)
    _remove(el)


def _remove(el: Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    # Keep the text that follows the element in mixed content (never any in WordprocessingML, but be exact).
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
