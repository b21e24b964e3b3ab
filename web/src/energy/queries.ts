// Reads of the energy routes shared by the energy screens (query keys under ['energy', …]).
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { AuditEntry, Baseline, Contract, Meter, Page, Statement } from './types';

export const keys = {
  statements: ['energy', 'statements'] as const,
  statement: (id: string) => ['energy', 'statements', id] as const,
  contracts: ['energy', 'contracts'] as const,
  contract: (id: string) => ['energy', 'contracts', id] as const,
  meters: ['energy', 'meters'] as const,
};

/** Statements by page (cursor, newest period first), filtered by status; "more" fetches on. */
export const useStatements = (status?: string) =>
  useInfiniteQuery({
    queryKey: [...keys.statements, { status }],
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      api.get<'/api/v1/energy/statements', Page<Statement>>('/api/v1/energy/statements', {
        query: {
          limit: 50,
          ...(status ? { status } : {}),
          ...(pageParam ? { cursor: pageParam } : {}),
        },
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** Every statement of one contract, oldest period first (a contract has one per period). */
export const useContractStatements = (contractId: string) =>
  useQuery({
    queryKey: [...keys.statements, { contractId }],
    queryFn: async () =>
      (
        await api.get<'/api/v1/energy/statements', Page<Statement>>('/api/v1/energy/statements', {
          query: { contractId, limit: 1000, order: 'asc' },
        })
      ).items,
  });

export const useStatement = (id: string) =>
  useQuery({
    queryKey: keys.statement(id),
    queryFn: () =>
      api.get<'/api/v1/energy/statements/{id}', Statement>('/api/v1/energy/statements/{id}', {
        path: { id },
      }),
  });

export const useStatementTrail = (id: string) =>
  useQuery({
    queryKey: [...keys.statement(id), 'audit'],
    queryFn: () =>
      api.get<'/api/v1/energy/statements/{id}/audit', AuditEntry[]>(
        '/api/v1/energy/statements/{id}/audit',
        { path: { id } },
      ),
  });

export const useContracts = () =>
  useQuery({
    queryKey: keys.contracts,
    queryFn: () => api.get<'/api/v1/energy/contracts', Contract[]>('/api/v1/energy/contracts'),
  });

export const useContract = (id: string | undefined) =>
  useQuery({
    queryKey: keys.contract(id ?? ''),
    queryFn: () =>
      api.get<'/api/v1/energy/contracts/{id}', Contract>('/api/v1/energy/contracts/{id}', {
        path: { id: id! },
      }),
    enabled: !!id,
  });

export const useBaselines = (contractId: string) =>
  useQuery({
    queryKey: [...keys.contract(contractId), 'baselines'],
    queryFn: () =>
      api.get<'/api/v1/energy/contracts/{id}/baselines', Baseline[]>(
        '/api/v1/energy/contracts/{id}/baselines',
        { path: { id: contractId } },
      ),
  });

export const useMeters = () =>
  useQuery({
    queryKey: keys.meters,
    queryFn: () => api.get<'/api/v1/energy/meters', Meter[]>('/api/v1/energy/meters'),
  });
