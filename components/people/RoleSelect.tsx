import { PROJECT_ROLES, type ProjectRoleName } from "@/lib/auth/people-types";

/** A project role picker (curator, annotator, viewer), up to `max` when the choices are capped. */
export function RoleSelect({
  value,
  onChange,
  label,
  max,
  disabled,
  name,
}: {
  value: ProjectRoleName;
  onChange: (role: ProjectRoleName) => void;
  label: string;
  max?: ProjectRoleName;
  disabled?: boolean;
  name?: string;
}) {
  // PROJECT_ROLES runs from the most to the least powerful.
  const roles = max ? PROJECT_ROLES.slice(PROJECT_ROLES.indexOf(max)) : PROJECT_ROLES;
  return (
    <select
      aria-label={label}
      name={name}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value as ProjectRoleName)}
      className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
    >
      {roles.map((role) => (
        <option key={role} value={role}>
          {role}
        </option>
      ))}
    </select>
  );
}
