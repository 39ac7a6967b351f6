"""Demand signal: what the public asks the PPID for, against what the
portal already publishes ("PPID is reactive government, Open Data is
proactive government").

Each request's information is reduced to its topic words (stop words,
numbers and request phrasing removed). The portal's datasets are searched
with CKAN's ``package_search`` (whichever search engine is on); a dataset
matches when it contains at least half of the topic words. Topics asked
for and matched by no dataset are ranked by how often they were asked:
what to publish proactively next, per SKPK.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from typing import Any, Iterable

import ckan.plugins.toolkit as tk

# Words that say "I request" rather than what is requested.
KATA_UMUM = frozenset("""
    data informasi salinan dokumen daftar tentang mengenai terkait atas dan
    atau serta dengan untuk dari pada di ke yang per oleh dalam tahun bulan
    mohon minta meminta permohonan permintaan rekap rekapitulasi laporan
    jumlah total kota banda aceh pemerintah pemko dinas badan kantor bagian
    seluruh semua setiap berupa copy soft hard copy file berkas lengkap
    terbaru saat ini tersebut beserta termasuk kami saya perihal the of
    and for a an sampai hingga s d sd no nomor tgl tanggal
""".split())
MIN_PANJANG = 3
MAX_KATA = 6
AMBANG = 0.5  # share of topic words a matching dataset must contain


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").casefold()
    return "".join(c for c in text if not unicodedata.combining(c))


def kata_topik(informasi: str) -> list[str]:
    """The topic words of a request, in order, without repeats."""
    words = re.findall(r"[a-z]+", _normal(informasi))
    topic = [w for w in words if len(w) >= MIN_PANJANG
             and w not in KATA_UMUM]
    return list(dict.fromkeys(topic))[:MAX_KATA]


def _escape(word: str) -> str:
    return re.sub(r'([+\-&|!(){}\[\]^"~*?:\\/])', r"\\\1", word)


def _teks_dataset(package: dict[str, Any]) -> str:
    parts = [package.get("title") or "", package.get("notes") or "",
             " ".join(t["name"] for t in package.get("tags", []))]
    parts += [r.get("name") or "" for r in package.get("resources", [])]
    return _normal(" ".join(parts))


def dataset_cocok(informasi: str, rows: int = 3,
                  context: dict[str, Any] | None = None
                  ) -> list[dict[str, str]]:
    """The portal datasets (normal type, public) that answer a request."""
    words = kata_topik(informasi)
    if not words:
        return []
    query = "text:(%s)" % " OR ".join(_escape(w) for w in words)
    result = tk.get_action("package_search")(
        dict(context or {}, ignore_auth=True),
        {"q": query, "fq": "+dataset_type:dataset", "rows": 20,
         "include_private": False})
    matches = []
    for package in result["results"]:
        text = _teks_dataset(package)
        found = sum(1 for w in words if w in text)
        if found / len(words) >= AMBANG:
            matches.append({"name": package["name"],
                            "title": package["title"]})
        if len(matches) >= rows:
            break
    return matches


def sinyal(requests: Iterable[dict[str, Any]], batas: int = 20
           ) -> dict[str, Any]:
    """For each request its matching datasets, and per SKPK the topics most
    asked for that no dataset answers."""
    per_request = []
    unanswered: dict[str, Counter] = defaultdict(Counter)
    examples: dict[tuple[str, str], str] = {}
    cache: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for request in requests:
        words = tuple(kata_topik(request.get("informasi") or ""))
        if words not in cache:
            cache[words] = dataset_cocok(" ".join(words)) if words else []
        matches = cache[words]
        per_request.append({"instansi": request.get("instansi"),
                            "nomor": request.get("nomor"),
                            "skpk": request.get("skpk") or "",
                            "dataset": matches})
        if not matches and words:
            topic = " ".join(sorted(words))
            skpk = request.get("skpk") or ""
            unanswered[skpk][topic] += 1
            examples.setdefault((skpk, topic), request.get("informasi"))
    topik = {
        skpk: [{"topik": topic, "permohonan": count,
                "contoh": examples[(skpk, topic)]}
               for topic, count in counter.most_common(batas)]
        for skpk, counter in sorted(unanswered.items())}
    return {"permohonan": per_request, "topik_tanpa_dataset": topik}
