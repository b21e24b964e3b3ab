// Reads of the energy routes shared by the energy screens (query keys under ['energy', …]).
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { AuditEntry, Baseline, Contract, Meter, Statement } from './types';

export const keys = {
  statements: ['energy', 'statements'] as const,
  statement: (id: string) => ['energy', 'statements', id] as const,
  contracts: ['energy', 'contracts'] as const,
  contract: (id: string) => ['energy', 'contracts', id] as const,
  meters: ['energy', 'meters'] as const,
};

export const useStatements = (status?: string) =>
  useQuery({
    queryKey: [...keys.statements, { status }],
    queryFn: () =>
      api.get<'/api/v1/energy/statements', Statement[]>('/api/v1/energy/statements', {
        query: { status },
      }),
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
