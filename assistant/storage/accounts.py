"""Users and patients."""

from __future__ import annotations

from sqlmodel import Session, select

from assistant.storage.models import Patient, User


def get_user_by_username(session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def upsert_user(
    session: Session, username: str, password_hash: str, role: str, patient_id: str | None
) -> User:
    user = get_user_by_username(session, username)
    if user is None:
        user = User(username=username, password_hash=password_hash, role=role, patient_id=patient_id)
    else:
        user.password_hash, user.role, user.patient_id = password_hash, role, patient_id
    session.add(user)
    session.flush()
    return user


def get_patient(session: Session, patient_id: str) -> Patient | None:
    return session.get(Patient, patient_id)


def ensure_patient(session: Session, patient_id: str, pseudonym: str) -> Patient:
    patient = session.get(Patient, patient_id)
    if patient is None:
        patient = Patient(id=patient_id, pseudonym=pseudonym)
        session.add(patient)
        session.flush()
    return patient


def get_user_by_external_subject(session: Session, issuer: str, subject: str) -> User | None:
    return session.exec(select(User).where(User.external_subject == f"{issuer}|{subject}")).first()
