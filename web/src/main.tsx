// Entry: i18n with every context's catalogue, the data router (login + the logged-in layout
// whose children are the contexts' lazy routes), react-query, and the 401 → login → back loop.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { setUnauthenticatedHandler } from './api/client';
import { contexts } from './contexts';
import { initI18n } from './shell/i18n';
import { Layout } from './shell/layout';
import { LoginPage } from './shell/login-page';
import { messages as shellMessages } from './shell/messages';
import { NotFound } from './shell/not-found';
import { NoticeProvider } from './shell/notices';
import { queryClient } from './shell/query-client';
import { prefetchSession, sessionKey } from './shell/session';
import { Loading } from './shell/states';
import './shell/app.css';

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <Layout />,
    hydrateFallbackElement: <Loading />,
    children: [
      { index: true, element: <Navigate to="/fleet" replace /> },
      ...contexts.flatMap((c) => c.routes),
      { path: '*', element: <NotFound /> },
    ],
  },
]);

setUnauthenticatedHandler(() => {
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname === '/login') return;
  queryClient.setQueryData(sessionKey, null);
  void router.navigate(`/login?expired=1&next=${encodeURIComponent(here)}`, { replace: true });
});

// Who is logged in is asked at once, in parallel with the first screen's chunk.
prefetchSession(queryClient);

await initI18n({
  shell: shellMessages,
  ...Object.fromEntries(contexts.map((c) => [c.id, c.messages])),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <NoticeProvider>
        <RouterProvider router={router} />
      </NoticeProvider>
    </QueryClientProvider>
  </StrictMode>,
);
