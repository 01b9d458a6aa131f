//! The self-contained Leaflet page (`.html`): Leaflet's JS and CSS from
//! data/vendor/leaflet/ (the npm package, see scripts/vendor-leaflet.sh), a simplified
//! Natural Earth land layer and the events, all inlined — no CDN, no tiles, so it works
//! from `file://` with no network.
//!
//! The events are a GeoJSON FeatureCollection in a `<script>`, streamed one Feature at a
//! time like the `.geojson` export. Markers are coloured by ACLED type with the PNG maps'
//! palette; popups show date, type, actors, place, the sentence and a link to the source;
//! two date fields filter what is shown; `page.html#event=ID` opens one event's popup.
//! Popups are built with DOM text nodes, never HTML strings, so nothing in an article can
//! inject markup.
//!
//! The page reports on itself in `<div id="cm-status" hidden>`: `data-markers` (markers on
//! the map now), `data-total`, `data-errors` (every script error, caught from the first
//! line of `<head>`) and `data-ready`. The tests read it with headless Chromium.

use std::io::{self, Write};

use super::geojson::write_feature;
use super::land::land_geojson;
use super::palette::TYPE_COLORS;
use crate::events::Event;

const LEAFLET_JS: &str = include_str!("../../data/vendor/leaflet/leaflet.js");
const LEAFLET_CSS: &str = include_str!("../../data/vendor/leaflet/leaflet.css");
const LEAFLET_LICENSE: &str = include_str!("../../data/vendor/leaflet/LICENSE");
const LEAFLET_VERSION: &str = include_str!("../../data/vendor/leaflet/VERSION");

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>conflictmap events</title>
<script>
window.cmErrors = [];
window.addEventListener('error', function (e) {
  window.cmErrors.push(String(e.message || e.error || e));
  var s = document.getElementById('cm-status');
  if (s) s.setAttribute('data-errors', window.cmErrors.join(' | '));
});
</script>
"#;

const PAGE_CSS: &str = r#"
html, body, #map { height: 100%; margin: 0; }
#map { background: #D4E4EE; }
.cm-box { background: #fff; padding: 8px 10px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.35);
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1A1A1A; }
.cm-box h1 { font-size: 14px; margin: 0 0 6px; }
.cm-box label { display: block; margin: 2px 0; }
.cm-box input { font: inherit; }
.cm-box button { font: inherit; margin-top: 4px; }
.cm-swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%; border: 1px solid #262626;
  margin-right: 6px; vertical-align: -1px; }
.cm-popup { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
.cm-popup .cm-date { color: #4A4A4A; }
.cm-popup .cm-type { font-weight: 600; }
.cm-popup blockquote { margin: 6px 0; padding-left: 8px; border-left: 3px solid #C8C8C8; font-style: italic; }
"#;

const APP_JS: &str = r#"
(function () {
  'use strict';
  var OTHER = COLORS.Other;
  var features = CM_EVENTS.features;
  var status = document.getElementById('cm-status');
  var map = L.map('map', { preferCanvas: features.length > 3000, worldCopyJump: true, zoomSnap: 0.5 });
  map.attributionControl.addAttribution('Events: conflictmap · Land: Natural Earth');
  L.geoJSON(CM_LAND, {
    interactive: false,
    style: { color: '#85807A', weight: 0.5, fillColor: '#F5F2EC', fillOpacity: 1 }
  }).addTo(map);

  function colorOf(type) { return COLORS[type] || OTHER; }
  function el(tag, content, cls) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined) e.textContent = content;
    return e;
  }
  var WHEN = { 2: ' (some day that week)', 3: ' (some day that month)' };
  function popup(p) {
    var box = el('div', undefined, 'cm-popup');
    box.appendChild(el('div', p.event_date + (WHEN[p.time_precision] || ''), 'cm-date'));
    box.appendChild(el('div', p.event_type + ' · ' + p.sub_event_type, 'cm-type'));
    var actors = [p.actor1, p.actor2].filter(Boolean).join(' vs ');
    if (actors) box.appendChild(el('div', actors, 'cm-actors'));
    box.appendChild(el('div', p.location + (p.fatalities ? ' · ' + p.fatalities + ' killed' : ''), 'cm-where'));
    box.appendChild(el('blockquote', p.sentence, 'cm-sentence'));
    if (/^https?:\/\//i.test(p.source_url)) {
      var a = el('a', p.title || p.source_url);
      a.href = p.source_url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      box.appendChild(a);
    } else if (p.source_url) {
      box.appendChild(el('div', p.source_url, 'cm-source'));
    }
    return box;
  }

  var counts = {};
  var markers = features.map(function (f) {
    var c = f.geometry.coordinates, p = f.properties;
    var m = L.circleMarker([c[1], c[0]], {
      radius: 6, weight: 1, color: '#262626', fillColor: colorOf(p.event_type), fillOpacity: 0.9,
      className: 'cm-marker'
    });
    m.bindPopup(function () { return popup(p); }, { maxWidth: 340 });
    m.cmDate = p.event_date;
    var type = COLORS[p.event_type] ? p.event_type : 'Other';
    counts[type] = (counts[type] || 0) + 1;
    return m;
  });
  var dates = features.map(function (f) { return f.properties.event_date; }).sort();
  var first = dates[0] || '', last = dates[dates.length - 1] || '';

  var panel = L.control({ position: 'topright' });
  panel.onAdd = function () {
    var box = el('div', undefined, 'cm-box');
    box.appendChild(el('h1', 'Conflict events'));
    var from = el('input'), to = el('input');
    [from, to].forEach(function (input) { input.type = 'date'; input.min = first; input.max = last; });
    from.id = 'cm-from'; from.value = first;
    to.id = 'cm-to'; to.value = last;
    var l1 = el('label', 'From '), l2 = el('label', 'To ');
    l1.appendChild(from); l2.appendChild(to);
    box.appendChild(l1); box.appendChild(l2);
    var all = el('button', 'All dates');
    all.type = 'button';
    all.id = 'cm-all';
    box.appendChild(all);
    box.appendChild(el('div', '', 'cm-count')).id = 'cm-count';
    L.DomEvent.disableClickPropagation(box);
    from.addEventListener('change', apply);
    to.addEventListener('change', apply);
    all.addEventListener('click', function () { from.value = first; to.value = last; apply(); });
    return box;
  };
  var legend = L.control({ position: 'bottomright' });
  legend.onAdd = function () {
    var box = el('div', undefined, 'cm-box');
    Object.keys(COLORS).forEach(function (type) {
      if (!counts[type]) return;
      var row = el('div');
      var swatch = el('span', undefined, 'cm-swatch');
      swatch.style.background = COLORS[type];
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(type + ' (' + counts[type] + ')'));
      box.appendChild(row);
    });
    return box;
  };

  if (markers.length) {
    map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [40, 40], maxZoom: 9 });
  } else {
    map.setView([20, 0], 2);
  }
  panel.addTo(map);
  if (markers.length) legend.addTo(map);
  var shown = L.featureGroup().addTo(map);

  function apply() {
    var lo = document.getElementById('cm-from').value || '0000-01-01';
    var hi = document.getElementById('cm-to').value || '9999-12-31';
    shown.clearLayers();
    markers.forEach(function (m) { if (m.cmDate >= lo && m.cmDate <= hi) shown.addLayer(m); });
    var n = shown.getLayers().length;
    document.getElementById('cm-count').textContent = n + ' of ' + markers.length + ' events shown';
    status.setAttribute('data-markers', String(n));
  }
  apply();
  // A link to one event: page.html#event=42 opens its popup.
  var wanted = /^#event=(-?\d+)$/.exec(window.location.hash);
  if (wanted) {
    features.forEach(function (f, i) {
      if (String(f.id) === wanted[1]) {
        map.setView(markers[i].getLatLng(), Math.max(map.getZoom(), 8));
        if (!shown.hasLayer(markers[i])) shown.addLayer(markers[i]);
        markers[i].openPopup();
      }
    });
  }
  document.title = 'conflictmap: ' + markers.length + ' events';
  status.setAttribute('data-total', String(markers.length));
  status.setAttribute('data-ready', '1');
})();
"#;

pub(super) fn begin(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(HEAD.as_bytes())?;
    writeln!(
        out,
        "<style>\n/* Leaflet {} (npm package leaflet), BSD 2-Clause licence: see the comment before its script. */\n{LEAFLET_CSS}\n{PAGE_CSS}</style>\n</head>\n<body>\n\
         <div id=\"map\"></div>\n<div id=\"cm-status\" hidden data-markers=\"0\" data-total=\"0\" data-errors=\"\"></div>",
        LEAFLET_VERSION.trim()
    )?;
    writeln!(
        out,
        "<script>\n/*\nLeaflet {} (https://leafletjs.com), from the npm package leaflet.\n{}*/\n{LEAFLET_JS}\n</script>",
        LEAFLET_VERSION.trim(),
        LEAFLET_LICENSE.replace("*/", "* /")
    )?;
    let colors: Vec<String> = TYPE_COLORS
        .iter()
        .map(|(name, hex, _)| format!("{name:?}:{hex:?}"))
        .collect();
    writeln!(out, "<script>\nvar COLORS = {{{}}};", colors.join(","))?;
    out.write_all(b"var CM_LAND = ")?;
    out.write_all(land_geojson()?.as_bytes())?;
    out.write_all(b";\nvar CM_EVENTS = {\"type\":\"FeatureCollection\",\"features\":[\n")
}

pub(super) fn feature(event: &Event, first: bool, out: &mut dyn Write) -> io::Result<()> {
    if !first {
        out.write_all(b",\n")?;
    }
    write_feature(event, &mut ScriptSafe(out))
}

pub(super) fn end(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"\n]};\n</script>\n<script>")?;
    out.write_all(APP_JS.as_bytes())?;
    out.write_all(b"</script>\n</body>\n</html>\n")
}

/// JSON made safe inside `<script>`: every `<` (which JSON only has inside strings) is
/// written as `\u003c`, so no text can close the script element or open a comment.
struct ScriptSafe<'a>(&'a mut dyn Write);

impl Write for ScriptSafe<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, mut buf: &[u8]) -> io::Result<()> {
        while let Some(at) = buf.iter().position(|&b| b == b'<') {
            self.0.write_all(&buf[..at])?;
            self.0.write_all(b"\\u003c")?;
            buf = &buf[at + 1..];
        }
        self.0.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendored_leaflet_can_be_inlined_in_a_script_element() {
        for (name, text) in [("leaflet.js", LEAFLET_JS), ("leaflet.css", LEAFLET_CSS)] {
            let lower = text.to_ascii_lowercase();
            assert!(
                !lower.contains("</script")
                    && !lower.contains("</style")
                    && !lower.contains("<!--"),
                "{name}"
            );
            assert!(
                !lower.contains("http://") || name == "leaflet.js",
                "{name} must fetch nothing"
            );
        }
        assert!(
            LEAFLET_JS.starts_with("/* @preserve\n * Leaflet 1.9.4"),
            "the vendored build"
        );
    }

    #[test]
    fn script_safe_escapes_every_angle_bracket() {
        let mut out = Vec::new();
        ScriptSafe(&mut out)
            .write_all(br#"{"s":"</script><!-- a<b"}"#)
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"s":"\u003c/script>\u003c!-- a\u003cb"}"#
        );
    }
}
