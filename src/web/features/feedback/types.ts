export type {
  ActionBody,
  CreateReportBody,
  CreateReportResponse,
  OfficeListResponse,
  OfficeReportDetail,
  OfficeReportItem,
  PublicListResponse,
  PublicReportView,
  RejectReason,
  ReportAction,
  ReportCategory,
  ReportStatus,
} from '../../../server/modules/feedback/api';
