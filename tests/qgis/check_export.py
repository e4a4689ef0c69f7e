#!/usr/bin/python3
"""Opens an allseason export with QGIS, the real client, and checks what a QGIS user sees.

Usage: /usr/bin/python3 check_export.py OUT.gpkg EXPECTED.json OUT.png

EXPECTED.json: {"crs": "EPSG:9214",
                "layers": {"roads": {"features": 4, "renderer": "RuleRenderer"}, ...}}

For every expected layer: the layer opens through the OGR provider, has the feature count and
CRS, its default style (from the GeoPackage's layer_styles table, which QGIS applies when the
layer is loaded) has the expected renderer type and is named "allseason <table>". Then the
project stored in the GeoPackage's qgis_projects table is read, every layer in it must be
valid, styled and have the same count, and the project is rendered to OUT.png, which must
not be blank. Prints a JSON report; exits 0 when everything holds, 1 otherwise, 3 when QGIS
is not installed.
"""
import json
import os
import sqlite3
import sys
import urllib.parse

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "XDG_RUNTIME_DIR" not in os.environ:
    import tempfile
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="allseason-qgis-")  # mode 0700

try:
    from qgis.core import (QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings,
                           QgsProject, QgsRectangle, QgsVectorLayer)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor
except ImportError as e:  # the caller skips the test with this message
    print(f"QGIS Python bindings not importable: {e}", file=sys.stderr)
    sys.exit(3)


def check_layers(gpkg, expected, problems, report):
    for table, want in expected["layers"].items():
        layer = QgsVectorLayer(f"{gpkg}|layername={table}", table, "ogr")
        got = {"valid": layer.isValid()}
        if not layer.isValid():
            problems.append(f"{table}: QGIS cannot open the layer")
            report[table] = got
            continue
        got["features"] = layer.featureCount()
        got["crs"] = layer.crs().authid()
        got["renderer"] = layer.renderer().type() if layer.renderer() else None
        count, _ids, names, _descriptions, _error = layer.listStylesInDatabase()
        got["styles"] = list(names)[:count]  # the styles of this layer come first
        report[table] = got
        if got["features"] != want["features"]:
            problems.append(f"{table}: {got['features']} features, expected {want['features']}")
        if got["crs"] != expected["crs"]:
            problems.append(f"{table}: CRS {got['crs']}, expected {expected['crs']}")
        if got["renderer"] != want["renderer"]:
            problems.append(f"{table}: default style renderer {got['renderer']}, "
                            f"expected {want['renderer']}")
        if f"allseason {table}" not in got["styles"]:
            problems.append(f"{table}: no style 'allseason {table}' in layer_styles "
                            f"({got['styles']})")
        if want.get("labels") and not layer.labelsEnabled():
            problems.append(f"{table}: the default style does not label the features")
        check_sld(gpkg, table, problems)
        attribute = want.get("attribute")
        if attribute and getattr(layer.renderer(), "classAttribute", lambda: None)() != attribute:
            problems.append(f"{table}: the categories are not on {attribute}")


def check_sld(gpkg, table, problems):
    """QGIS reads the table's SLD style back into a renderer."""
    with sqlite3.connect(gpkg) as db:
        row = db.execute("SELECT styleSLD FROM layer_styles WHERE f_table_name = ?",
                         (table,)).fetchone()
    if not row:
        problems.append(f"{table}: no SLD style")
        return
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".sld", encoding="utf-8", delete=False) as f:
        f.write(row[0])
    layer = QgsVectorLayer(f"{gpkg}|layername={table}", table + " (SLD)", "ogr")
    message, ok = layer.loadSldStyle(f.name)
    os.unlink(f.name)
    if not ok or layer.renderer() is None:
        problems.append(f"{table}: QGIS cannot read its SLD style: {message}")


def stored_project_name(gpkg):
    with sqlite3.connect(gpkg) as db:
        rows = db.execute("SELECT name FROM qgis_projects").fetchall()
    return rows[0][0] if len(rows) == 1 else None


def check_project(gpkg, expected, png, problems, report):
    name = stored_project_name(gpkg)
    if name is None:
        problems.append("the GeoPackage does not hold exactly one QGIS project")
        return
    uri = f"geopackage:{os.path.abspath(gpkg)}?projectName={urllib.parse.quote(name)}"
    project = QgsProject.instance()
    if not project.read(uri):
        problems.append(f"QGIS cannot read the stored project {name!r}: {project.error()}")
        return
    order = [l.name() for l in project.layerTreeRoot().layerOrder()]
    report["project"] = {"name": name, "title": project.title(), "layers": order,
                         "crs": project.crs().authid()}
    by_table = {}
    for layer in project.mapLayers().values():
        source = layer.source()
        table = source.split("layername=")[-1].split("|")[0]
        by_table[table] = layer
        if not layer.isValid():
            problems.append(f"project layer {layer.name()!r} ({source}) is not valid")
    for table, want in expected["layers"].items():
        layer = by_table.get(table)
        if layer is None:
            problems.append(f"the project lacks the layer {table}")
            continue
        if layer.isValid() and layer.featureCount() != want["features"]:
            problems.append(f"project layer {table}: {layer.featureCount()} features")
        if layer.renderer() is None or layer.renderer().type() != want["renderer"]:
            problems.append(f"project layer {table}: renderer "
                            f"{layer.renderer().type() if layer.renderer() else None}")
    if project.crs().authid() != expected["crs"]:
        problems.append(f"project CRS {project.crs().authid()}, expected {expected['crs']}")
    render(project, png, problems, report)


def render(project, png, problems, report):
    root = project.layerTreeRoot()
    visible = [node.layer() for node in root.findLayers() if node.isVisible() and node.layer()]
    settings = QgsMapSettings()
    settings.setLayers(visible)
    settings.setDestinationCrs(project.crs())
    extent = project.viewSettings().defaultViewExtent()
    if extent.isEmpty():
        extent = QgsRectangle()
        for layer in visible:
            extent.combineExtentWith(layer.extent())
    settings.setExtent(extent)
    settings.setOutputSize(QSize(1000, 800))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(png, "PNG")
    colours = set()
    painted = 0
    step = 4
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            rgb = image.pixel(x, y) & 0xFFFFFF
            colours.add(rgb)
            if rgb != 0xFFFFFF:
                painted += 1
    samples = (image.width() // step) * (image.height() // step)
    report["render"] = {"png": png, "layers": len(visible), "colours": len(colours),
                        "painted_share": round(painted / samples, 4)}
    if len(colours) < 10 or painted / samples < 0.01:
        problems.append(f"the rendered map looks blank: {len(colours)} colours, "
                        f"{painted} of {samples} samples painted")


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    gpkg, expected_path, png = sys.argv[1:]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    app = QgsApplication([], False)
    app.initQgis()
    problems = []
    report = {}
    try:
        check_layers(gpkg, expected, problems, report)
        check_project(gpkg, expected, png, problems, report)
    finally:
        QgsProject.instance().clear()
    print(json.dumps({"problems": problems, "report": report}, ensure_ascii=False, indent=1))
    app.exitQgis()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
