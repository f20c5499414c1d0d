// Names of the performance measures the panel records, shared with the benchmark that reads them back.

/** Each update's main-thread time, from the start of setData to the end of the redraw it causes. */
export const CHART_UPDATE_MEASURE = 'chart-update';
