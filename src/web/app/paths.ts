/** Addresses of the pages; the API documentation is served by the server, outside the app. */
export const paths = {
  home: '/',
  units: '/units',
  login: '/login',
  apiDocs: '/api/docs',
} as const;
