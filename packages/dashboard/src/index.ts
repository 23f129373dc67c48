export { dashboardAssetsDir, DASHBOARD_FILES, DASHBOARD_CONTENT_SECURITY_POLICY } from './assets.js';
