# The real QGIS opens layers of a PostgreSQL project with the default styles allseason wrote
# to public.layer_styles: python3 qgis_pg_check.py HOST PORT DBNAME SCHEMA (run offscreen).
import sys

from qgis.core import QgsApplication, QgsDataSourceUri, QgsVectorLayer

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
        print(f"{table}: QGIS cannot open it")
        ok = False
        continue
    got = layer.renderer().type() if layer.renderer() else None
    print(table, layer.featureCount(), layer.crs().authid(), got)
    ok = ok and got == renderer and layer.featureCount() > 0 and layer.crs().authid() == "EPSG:9214"
app.exitQgis()
sys.exit(0 if ok else 1)
