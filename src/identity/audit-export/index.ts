// Audit export to a central collector: the formats (pure) and the exporter (sockets).
export { octetCounted, recordJson, syslogMessage, SD_ID, type ExportedRecord } from './format.ts';
export {
  EXPORT_PROTOCOLS,
  startAuditExport,
  type AuditExportConfig,
  type AuditExporter,
  type ExportProtocol,
} from './exporter.ts';
