"""The violence-referral alert (written by the aid and referrals helper)."""
