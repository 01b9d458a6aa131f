"""The timed part shared by the peers of bench/geoparse.sh (peer_flashgeotext.py,
peer_spacy.py): ROUNDS passes over the texts after the caller's warm-up pass, printed as the
key value lines the script reads."""
import resource
import time


def timed_rounds(texts, rounds, parse_all):
    """Time `rounds` passes of `parse_all` (texts -> one list of (start, end, name, geonameid)
    per text) over `texts` and print articles, bytes, articles_per_s, mb_per_s, mentions,
    resolved (per pass) and peak_rss_mb."""
    mentions = resolved = 0
    t1 = time.perf_counter()
    for _ in range(rounds):
        for m in parse_all(texts):
            mentions += len(m)
            resolved += sum(1 for x in m if x[3] is not None)
    secs = time.perf_counter() - t1
    size = sum(len(t.encode("utf-8")) for t in texts)
    arts = len(texts) * rounds
    print(f"articles {arts}")
    print(f"bytes {size}")
    print(f"articles_per_s {arts / secs:.1f}")
    print(f"mb_per_s {size * rounds / 1e6 / secs:.3f}")
    print(f"mentions {mentions // rounds}")
    print(f"resolved {resolved // rounds}")
    print(f"peak_rss_mb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
