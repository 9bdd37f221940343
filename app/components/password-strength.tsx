import { useEffect, useState } from "react";
import { passwordScore } from "./password-score.client";

const LABELS = ["Very weak", "Weak", "Fair", "Good", "Strong"];

/**
 * With JavaScript on, a live strength hint from zxcvbn (loaded on demand, so other pages never pay for its
 * dictionary). The server's rule (length and the common-password list) is what actually decides.
 */
export function PasswordStrength({ password }: { password: string }) {
  const [score, setScore] = useState<number | null>(null);
  useEffect(() => {
    if (!password) return setScore(null);
    let cancelled = false;
    passwordScore(password)
      .then((score) => {
        if (!cancelled) setScore(score);
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [password]);
  if (score === null) return null;
  return (
    <p className={`strength strength--${score}`} aria-live="polite" data-testid="password-strength">
      <span className="strength__bar" aria-hidden="true">
        {[0, 1, 2, 3].map((i) => (
          <span key={i} className={i < Math.max(score, 1) ? "on" : ""} />
        ))}
      </span>
      Password strength: {LABELS[score]}
      {score < 3 ? " — a longer phrase of unrelated words is easy to remember and hard to guess." : ""}
    </p>
  );
}
