/** Id of the `<script type="application/json">` holding the report model. */
export const MODEL_SCRIPT_ID = 'bcml-report-model';

/** Id of the `<script type="application/json">` holding the embedded point data. */
export const POINTS_SCRIPT_ID = 'bcml-report-points';

/** The global function a per-point data file (`data/<key>.js`) calls with its data: `bcmlReportPoint(key, data)`. */
export const POINT_CALLBACK = 'bcmlReportPoint';
