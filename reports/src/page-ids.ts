/** Id of the `<script type="application/json">` holding the report model. */
export const MODEL_SCRIPT_ID = 'bcml-report-model';

/** Id of the `<script type="application/json">` holding the embedded point data. */
export const POINTS_SCRIPT_ID = 'bcml-report-points';

/** The global function a per-point data file (`data/<key>.js`) calls with its data: `bcmlReportPoint(key, data)`. */
export const POINT_CALLBACK = 'bcmlReportPoint';

/**
 * The global object the per-split instance files (`data/instances-s<split>.js`, loaded by `index.html` before the page
 * script) fill: `bcmlReportInstances[split][id]` is the instance's text (its feature values), shared by every point.
 */
export const INSTANCES_GLOBAL = 'bcmlReportInstances';

/** The per-split instance file of split index `split`, relative to the report folder. */
export function instancesFile(split: number): string {
  return `data/instances-s${split}.js`;
}
