/** A metav1.LabelSelector (apimachinery pkg/apis/meta/v1/types.go). */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key?: string;
    readonly operator?: string;
    readonly values?: readonly string[];
  }[];
}

/**
 * LabelSelectorAsSelector semantics: a missing selector matches nothing, an empty one matches everything
 * (a policy/v1 PodDisruptionBudget with `selector: {}` covers every pod in its namespace). An operator this
 * code does not know matches nothing, as the API server would reject it.
 */
export const selectorMatches = (
  selector: LabelSelector | null | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean => {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (have[key] !== value) return false;
  }
  for (const expression of selector.matchExpressions ?? []) {
    const key = expression.key ?? '';
    const present = Object.hasOwn(have, key);
    const values = expression.values ?? [];
    switch (expression.operator ?? '') {
      case 'In':
        if (!present || !values.includes(have[key] ?? '')) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[key] ?? '')) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
};
