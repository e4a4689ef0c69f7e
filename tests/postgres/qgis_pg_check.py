# The real QGIS on a PostgreSQL project (run offscreen):
#   python3 qgis_pg_check.py HOST PORT DBNAME SCHEMA
# 1. opens layers of the schema with the default styles allseason wrote to public.layer_styles;
# 2. reads the project allseason stored in the schema's qgis_projects, the way a planner opens
#    it from QGIS's browser, and prints one JSON line: its title, CRS and, per layer in tree
#    order, the table, the geometry type filter, validity, feature count and renderer. The
#    calling test compares the counts with its own SQL.
import json
import sys
from urllib.parse import quote

from qgis.core import QgsApplication, QgsDataSourceUri, QgsProject, QgsVectorLayer

app = QgsApplication([], False)
app.initQgis()
host, port, db, schema = sys.argv[1:5]
# The renderer each layer's style has (layers/styles/catalog.cpp).
expected = {"fords": "RuleRenderer", "roads": "RuleRenderer", "villages": "categorizedSymbol"}
ok = True
for table, renderer in expected.items():
    uri = QgsDataSourceUri()
    uri.setConnection(host, port, db, "postgres", "")
    uri.setDataSource(schema, table, "geom", "", "fid")
    layer = QgsVectorLayer(uri.uri(False), table, "postgres")
    if not layer.isValid():
        print(f"{table}: QGIS cannot open it", file=sys.stderr)
        ok = False
        continue
    got = layer.renderer().type() if layer.renderer() else None
    print(table, layer.featureCount(), layer.crs().authid(), got, file=sys.stderr)
    ok = ok and got == renderer and layer.featureCount() > 0 and layer.crs().authid() == "EPSG:9214"

storage = QgsApplication.projectStorageRegistry().projectStorageFromType("postgresql")
base = f"postgresql://postgres@{host}:{port}?sslmode=disable&dbname={quote(db)}&schema={quote(schema)}"
names = storage.listProjects(base) if storage else []
report = {"stored": names}
if len(names) != 1:
    ok = False
else:
    project = QgsProject.instance()
    if not project.read(f"{base}&project={quote(names[0])}"):
        print(f"QGIS cannot read the stored project: {project.error()}", file=sys.stderr)
        ok = False
    report["title"] = project.title()
    report["crs"] = project.crs().authid()
    extent = project.viewSettings().defaultViewExtent()
    report["extent"] = [extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()]
    layers = []
    for node in project.layerTreeRoot().findLayers():
        layer = node.layer()
        source = QgsDataSourceUri(layer.source()) if layer else None
        layers.append({
            "name": node.name(),
            "valid": bool(layer and layer.isValid()),
            "schema": source.schema() if source else None,
            "table": source.table() if source else None,
            "type": source.wkbType() if source else None,
            "password_in_source": bool(source and source.password()),
            "features": layer.featureCount() if layer and layer.isValid() else -1,
            "renderer": layer.renderer().type() if layer and layer.renderer() else None,
        })
    report["layers"] = layers
print(json.dumps(report, ensure_ascii=False))
app.exitQgis()
sys.exit(0 if ok else 1)
