import { connect } from '@lancedb/lancedb';
import { INDEX_NAME, indexConfig } from './vector-index.js';

/** Child-process entry (see [Note: index build in a child]): `index-build-child CATALOG_DIR TABLE ROWS`. */
const [catalogDir, tableName, rowsText] = process.argv.slice(2);
if (catalogDir === undefined || tableName === undefined) {
  console.error('usage: index-build-child CATALOG_DIR TABLE ROWS');
  process.exit(2);
}
const db = await connect(catalogDir);
const table = await db.openTable(tableName);
await table.createIndex('vector', { config: indexConfig(Number(rowsText ?? '0')), replace: true, name: INDEX_NAME });
table.close();
db.close();
