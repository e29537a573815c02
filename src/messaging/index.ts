/** Runtime messages between extension pages and the background. */
export * from './map';
export {
  sendToBackground,
  setBackgroundConnector,
  createConnector,
  createMockConnector,
  onStoreChanged,
  RuntimeRequestError,
  type BackgroundConnector,
} from './client';
